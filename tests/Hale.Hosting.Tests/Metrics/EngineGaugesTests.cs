using Hale.Hosting.Tests.Engine;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests.Metrics;

public class EngineGaugesTests
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private string Up => "up-" + _id;

    private string Down => "down-" + _id;

    private string Service => "svc-" + _id;

    [Fact]
    public async Task Gauges_RunningEngine_ReflectChecksAndServices()
    {
        using var readings = new MeterReadings();
        await using var host = await EngineHost.StartAsync(Yaml(withDownAndService: true));
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus(Service)?.State == ServiceState.Ready, "the service is ready");
        Assert.Equal(200, await host.GetStatusAsync(Up));
        Assert.Equal(503, await host.GetStatusAsync(Down));

        Assert.Equal(1, Assert.Single(readings.Observe("hale.check.up", "check", Up)).Value);
        Assert.Equal(0, Assert.Single(readings.Observe("hale.check.up", "check", Down)).Value);
        var states = readings.Observe("hale.check.state", "check", Down);
        Assert.Equal(["ok", "fail", "error", "unknown"], states.Select(s => s["state"]));
        Assert.Equal([0.0, 1, 0, 0], states.Select(s => s.Value));
        Assert.Equal(1, Assert.Single(readings.Observe("hale.service.up", "service", Service)).Value);
        Assert.Equal("ready", Assert.Single(readings.Observe("hale.service.state", "service", Service), s => s.Value == 1)["state"]);
        Assert.InRange(Assert.Single(readings.Observe("hale.service.uptime", "service", Service)).Value, 0, 3600);
    }

    [Fact]
    public async Task CheckDuration_LastEvaluation_InSecondsAndAbsentBeforeTheFirst()
    {
        using var readings = new MeterReadings();
        var slow = "slow-" + _id;
        await using var host = await EngineHost.StartAsync($$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              {{slow}}: { command: "sleep 0.3" }
            """);
        Assert.Empty(readings.Observe("hale.check.duration", "check", slow));   // evaluated on request: no request yet

        Assert.Equal(200, await host.GetStatusAsync(slow));

        var seconds = Assert.Single(readings.Observe("hale.check.duration", "check", slow)).Value;
        Assert.True(seconds >= 0.3, $"the last evaluation took {seconds} s, less than its sleep");
        var check = host.Engine.Components.Single(c => c.Check.Name == slow).Check;
        Assert.Equal(check.LastDuration!.Value.TotalSeconds, seconds);
    }

    [Fact]
    public async Task Gauges_ReloadRemovesACheckAndAService_TheirSeriesAreGone()
    {
        using var readings = new MeterReadings();
        await using var host = await EngineHost.StartAsync(Yaml(withDownAndService: true));
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus(Service)?.State == ServiceState.Ready, "the service is ready");
        Assert.NotEmpty(readings.Observe("hale.check.state", "check", Down));

        await host.ApplyAsync(Yaml(withDownAndService: false));

        Assert.Empty(readings.Observe("hale.check.state", "check", Down));
        Assert.Empty(readings.Observe("hale.check.up", "check", Down));
        Assert.Empty(readings.Observe("hale.check.duration", "check", Down));
        Assert.Empty(readings.Observe("hale.service.state", "service", Service));
        Assert.Empty(readings.Observe("hale.service.uptime", "service", Service));
        Assert.NotEmpty(readings.Observe("hale.check.state", "check", Up));
    }

    [Fact]
    public async Task Gauges_EngineStopped_NothingReported()
    {
        using var readings = new MeterReadings();
        var host = await EngineHost.StartAsync(Yaml(withDownAndService: false));
        Assert.NotEmpty(readings.Observe("hale.check.state", "check", Up));

        await host.DisposeAsync();

        Assert.Empty(readings.Observe("hale.check.state", "check", Up));
    }

    [Fact]
    public async Task Counters_ServiceFailsAndActionRuns_Counted()
    {
        using var readings = new MeterReadings();
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              {{Up}}: { command: "exit 0" }
            services:
              {{Service}}: { run: [sh, -c, "exit 3"], restart: { backoff: { initial: 50ms, max: 100ms } } }
            actions:
              act-{{_id}}: { when: [{{Up}}], promote: "exit 1", demote: "true" }
            """;
        await using var host = await EngineHost.StartAsync(yaml);

        await EngineHost.WaitUntilAsync(() => readings.Recorded("hale.service.restarts", "service", Service).Count >= 2, "two restarts counted");
        await EngineHost.WaitUntilAsync(() => readings.Recorded("hale.action.failures", "action", "act-" + _id).Count >= 1, "the failed promote counted");
        var run = readings.Recorded("hale.action.runs", "action", "act-" + _id)[0];
        Assert.Equal("promote", run["side"]);
    }

    private string Yaml(bool withDownAndService) => $$"""
        http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
        state_dir: {folder}/state
        checks:
          {{Up}}: { command: "exit 0" }
        {{(withDownAndService ? $"  {Down}: {{ command: \"exit 1\" }}" : string.Empty)}}
        {{(withDownAndService ? $"services:\n  {Service}: {{ run: [sleep, \"1000\"], stop: {{ timeout: 2s }} }}" : string.Empty)}}
        """;
}
