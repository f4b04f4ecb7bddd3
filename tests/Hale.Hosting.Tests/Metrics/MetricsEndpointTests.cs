using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hale.Hosting.Tests.Engine;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests.Metrics;

/// <summary>The scrapes of these tests must see their engine's series: each exporter is sized for its own engine, and the
/// instruments are process-wide, so they run with no other engine alive (one with 600 checks would fill a small one's room).</summary>
[Collection(MetricsCollection.Name)]
public class MetricsEndpointTests
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Metrics_RealScrape_PromtoolCheckMetricsFindsNoProblem()
    {
        await using var host = await EngineHost.StartAsync(FullYaml());
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("svc-" + _id)?.State == ServiceState.Ready, "the service is ready");
        await EngineHost.WaitUntilAsync(() => host.Engine.GroupStatuses.Any(g => g.Role != "starting"), "the group's first round");
        Assert.Equal(200, await host.GetStatusAsync("up-" + _id));
        Assert.Equal(503, await host.GetStatusAsync("down-" + _id));

        var role = host.Engine.GroupStatuses.Single().Role;
        var text = await GetAsync(host, "metrics");

        Assert.Contains($"hale_check_up{{check=\"up-{_id}\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"hale_service_state{{service=\"svc-{_id}\",state=\"ready\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains($"hale_failover_role{{group=\"g-{_id}\",role=\"{role}\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains("hale_probe_duration_seconds_bucket{le=\"0.001\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hale_probe_duration_seconds_bucket{check=", text, StringComparison.Ordinal);
        Assert.Contains($"hale_check_duration_seconds{{check=\"up-{_id}\"}} ", text, StringComparison.Ordinal);
        Assert.Contains("hale_check_transitions_total{", text, StringComparison.Ordinal);
        var (exitCode, output) = await RunAsync("promtool", ["check", "metrics"], text);
        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics: exit {exitCode}\n{output}\n--- scrape:\n{text}");
    }

    [Fact]
    public async Task Metrics_ReservedPath_SameScrape()
    {
        await using var host = await EngineHost.StartAsync(FullYaml());

        Assert.Contains("# TYPE hale_check_state gauge", await GetAsync(host, "-/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ComponentNamedMetrics_ComponentAnswersAndTheReservedPathServesMetrics()
    {
        var logs = new RecordingLoggerFactory();
        await using var host = await EngineHost.StartAsync(
            $"http: {{ listen: 127.0.0.1:{Loopback.FreePort()} }}\nstate_dir: {{folder}}/state\nchecks:\n  metrics: {{ command: \"exit 1\" }}\n",
            new HaleEngineOptions { LoggerFactory = logs });

        Assert.Equal(503, await host.GetStatusAsync("metrics"));
        Assert.Contains("# TYPE hale_check_state gauge", await GetAsync(host, "-/metrics"), StringComparison.Ordinal);
        Assert.Single(logs.Entries, e => e.Message.Contains("A component is named 'metrics'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_HttpMetricsFalse_NotServedUntilAReloadTurnsItOn()
    {
        var port = Loopback.FreePort();
        string Yaml(bool on) => $"http: {{ listen: 127.0.0.1:{port}, metrics: {(on ? "true" : "false")} }}\nstate_dir: {{folder}}/state\nchecks:\n  up-{_id}: {{ command: \"exit 0\" }}\n";
        await using var host = await EngineHost.StartAsync(Yaml(on: false));
        Assert.Equal(404, await host.GetStatusAsync("metrics"));
        Assert.Equal(404, await host.GetStatusAsync("-/metrics"));

        await host.ApplyAsync(Yaml(on: true));

        Assert.Equal(200, await host.GetStatusAsync("metrics"));
    }

    [Fact]
    public async Task Metrics_MoreChecksThanOpenTelemetrysDefaultLimit_EveryCheckHasItsSeries()
    {
        // 600 checks x 4 states: 2,400 label sets of hale.check.state, past OpenTelemetry's default of 2,000 per instrument.
        const int Checks = 600;
        await using var host = await EngineHost.StartAsync(ManyChecksYaml(Loopback.FreePort(), Checks));

        var text = await GetAsync(host, "metrics");

        var states = text.Split('\n').Count(line => line.StartsWith($"hale_check_state{{check=\"c{_id}-", StringComparison.Ordinal));
        Assert.Equal(Checks * 4, states);
        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ReloadOutgrowsTheSeriesKeptSinceStart_Warns()
    {
        var logs = new RecordingLoggerFactory();
        var port = Loopback.FreePort();
        await using var host = await EngineHost.StartAsync(ManyChecksYaml(port, 600), new HaleEngineOptions { LoggerFactory = logs });
        Assert.DoesNotContain(logs.Entries, e => e.Message.StartsWith("Metrics:", StringComparison.Ordinal));

        await host.ApplyAsync(ManyChecksYaml(port, 1000));

        Assert.Single(logs.Entries, e => e.EventId == 1091
            && e.Message.StartsWith("Metrics: 1000 checks", StringComparison.Ordinal) && e.Message.Contains("until Hale restarts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_ReloadAddsMoreChecksThanTheHeadroom_WarnsNamingTheRoom()
    {
        // 10 checks at start: room for 74 (64 more); a reload to 100 no longer fits, one to 70 does.
        var logs = new RecordingLoggerFactory();
        var port = Loopback.FreePort();
        await using var host = await EngineHost.StartAsync(ManyChecksYaml(port, 10), new HaleEngineOptions { LoggerFactory = logs });

        await host.ApplyAsync(ManyChecksYaml(port, 70));
        Assert.DoesNotContain(logs.Entries, e => e.EventId == 1091);
        await host.ApplyAsync(ManyChecksYaml(port, 100));

        Assert.Single(logs.Entries, e => e.EventId == 1091 && e.Message.StartsWith("Metrics: 100 checks (room for 74) outgrow", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hale.check.up", 10_000)]
    [InlineData("hale.check.duration", 10_000)]
    [InlineData("hale.check.state", 40_000)]
    [InlineData("hale.check.transitions", 40_000)]
    [InlineData("hale.service.up", 500)]
    [InlineData("hale.service.uptime", 500)]
    [InlineData("hale.service.restarts", 500)]
    [InlineData("hale.service.state", 4_000)]
    [InlineData("hale.failover.active", 7)]
    [InlineData("hale.failover.lease_age", 7)]
    [InlineData("hale.failover.role", 28)]
    [InlineData("hale.action.runs", 6)]
    [InlineData("hale.action.failures", 6)]
    [InlineData("hale.haproxy.applies", 6)]
    [InlineData("hale.haproxy.drift_repairs", 2)]
    [InlineData("hale.log.lines_dropped", 4)]
    [InlineData("hale.probe.duration", 1)]
    [InlineData("hale.check.schedule_lag", 1)]
    public void SeriesLimit_EachInstrument_AsManyLabelSetsAsTheRoomCanLabelIt(string instrument, int expected)
    {
        var room = new Hale.Hosting.Metrics.MetricsCounts(Checks: 10_000, Services: 500, Groups: 7, Actions: 3, Balancers: 2);

        Assert.Equal(expected, Hale.Hosting.Metrics.MetricsExporter.SeriesLimit(instrument, room));
    }

    [Fact]
    public void SeriesLimit_EveryInstrumentOnTheHaleMeter_HasALimitOfItsOwn()
    {
        // An instrument left to OpenTelemetry's default reserves 2,000 label sets (140 KB) in every exporter.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Hale.Hosting.Metrics.EngineGauges).TypeHandle);
        var names = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == Hale.HaleMetrics.MeterName)
                {
                    names.Add(instrument.Name);
                }
            },
        };
        listener.Start();

        Assert.Contains("hale.check.state", names);
        Assert.Contains("hale.probe.duration", names);
        var room = new Hale.Hosting.Metrics.MetricsCounts(1, 1, 1, 1, 1);
        Assert.DoesNotContain(names, name => Hale.Hosting.Metrics.MetricsExporter.SeriesLimit(name, room) is null);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(10, 74)]
    [InlineData(256, 320)]
    [InlineData(1000, 1250)]
    public void WithHeadroom_AQuarterMoreAndAtLeast64More(int count, int room)
    {
        var counts = new Hale.Hosting.Metrics.MetricsCounts(count, count, count, count, count).WithHeadroom();

        Assert.Equal(new Hale.Hosting.Metrics.MetricsCounts(room, room, room, room, room), counts);
    }

    [Fact]
    public void Outgrown_NamesEachKindThatNoLongerFits()
    {
        var room = new Hale.Hosting.Metrics.MetricsCounts(Checks: 74, Services: 69, Groups: 64, Actions: 64, Balancers: 64);

        Assert.Null(room.Outgrown(new(74, 69, 64, 64, 64)));
        Assert.Equal("100 checks (room for 74), 70 services (room for 69), 65 balancers (room for 64)", room.Outgrown(new(100, 70, 1, 1, 65)));
    }

    [Fact]
    public async Task Metrics_Post_MethodNotAllowed()
    {
        await using var host = await EngineHost.StartAsync(FullYaml());
        using var client = new HttpClient { Timeout = EngineHost.Deadline };

        using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{host.Engine.BoundEndPoints[0].Port}/metrics"), null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("GET", response.Content.Headers.Allow.Single());
    }

    [Fact]
    public async Task Metrics_ControlSocket_Served()
    {
        await using var host = await EngineHost.StartAsync(FullYaml());
        var socket = HaleEngine.ControlSocketPath(host.Engine.Configuration);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { Timeout = EngineHost.Deadline };

        var text = await client.GetStringAsync(new Uri("http://hale/metrics"));

        Assert.Contains("# TYPE hale_check_state gauge", text, StringComparison.Ordinal);
    }

    internal static async Task<string> GetAsync(EngineHost host, string path)
    {
        using var client = new HttpClient { Timeout = EngineHost.Deadline };
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{host.Engine.BoundEndPoints[0].Port}/{path}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string input)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(EngineHost.Deadline, TimeProvider.System);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, (await stdout + await stderr).Trim());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>A check up, one down, a service, a one-member local failover group, an action: every kind of series.</summary>
    private string FullYaml() => $$"""
        http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
        state_dir: {folder}/state
        node: host-a
        checks:
          up-{{_id}}: { command: "exit 0" }
          down-{{_id}}: { command: "exit 1" }
        services:
          svc-{{_id}}: { run: [sleep, "1000"], stop: { timeout: 2s } }
        actions:
          act-{{_id}}: { when: [up-{{_id}}], promote: "true", demote: "true" }
        groups:
          g-{{_id}}:
            coordinator: local
            interval: 200ms
            hosts: { host-a: { priority: 1 } }
            test: "true"
            start: "true"
            stop: "true"
            timeout: 10s
        """;

    private string ManyChecksYaml(int port, int checks) =>
        $"http: {{ listen: 127.0.0.1:{port} }}\nstate_dir: {{folder}}/state\nchecks:\n"
        + string.Concat(Enumerable.Range(0, checks).Select(i => $"  c{_id}-{i}: {{ oneshot: {{ default: ok }} }}\n"));
}
