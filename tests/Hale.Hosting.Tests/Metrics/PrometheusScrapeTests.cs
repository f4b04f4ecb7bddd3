using System.Diagnostics;
using System.Text.Json;
using Hale.Hosting.Tests.Engine;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests.Metrics;

/// <summary>A real Prometheus (Debian's 2.42) scraping an engine every second: what an operator's server sees.</summary>
[Collection(MetricsCollection.Name)]
public class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_ScrapesTheEngine_HaleSeriesQueryableWithTheirValues()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        await using var host = await EngineHost.StartAsync($$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              up-{{id}}: { command: "exit 0" }
            services:
              svc-{{id}}: { run: [sleep, "1000"], ready: up-{{id}}, stop: { timeout: 2s } }
            """);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("svc-" + id)?.State == ServiceState.Ready, "the service is ready");
        var folder = Directory.CreateTempSubdirectory("hale-prometheus-").FullName;
        var port = Loopback.FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "prometheus.yml"), $$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            scrape_configs:
              - job_name: hale
                scrape_interval: 1s
                static_configs: [{ targets: ["127.0.0.1:{{host.Engine.BoundEndPoints[0].Port}}"] }]
            """);
        var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in new[] { "--config.file=" + Path.Combine(folder, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(folder, "data"), $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var prometheus = Process.Start(start)!;
        var log = Task.WhenAll(prometheus.StandardOutput.ReadToEndAsync(), prometheus.StandardError.ReadToEndAsync());
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            await WaitForValueAsync(client, $"hale_check_up{{check=\"up-{id}\"}}", "1", prometheus);
            await WaitForValueAsync(client, $"hale_service_state{{service=\"svc-{id}\",state=\"ready\"}}", "1", prometheus);
            await WaitForValueAsync(client, $"hale_service_up{{service=\"svc-{id}\"}}", "1", prometheus);
            await WaitForValueAsync(client, "hale_probe_duration_seconds_count > bool 0", "1", prometheus);
            await WaitForValueAsync(client, $"hale_check_duration_seconds{{check=\"up-{id}\"}} > bool 0", "1", prometheus);
            await WaitForValueAsync(client, $"hale_check_transitions_total{{check=\"up-{id}\",to=\"ok\"}}", "1", prometheus);
            await WaitForValueAsync(client, $"hale_service_uptime_seconds{{service=\"svc-{id}\"}} > bool 0", "1", prometheus);
        }
        finally
        {
            if (!prometheus.HasExited)
            {
                prometheus.Kill(entireProcessTree: true);
            }

            await prometheus.WaitForExitAsync();
            await log;
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Queries until the instant vector of <paramref name="query"/> has one sample of <paramref name="expected"/>.</summary>
    private static async Task WaitForValueAsync(HttpClient client, string query, string expected, Process prometheus)
    {
        var last = "(no answer)";
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            Assert.False(prometheus.HasExited, "prometheus exited");
            try
            {
                last = await client.GetStringAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
                using var answer = JsonDocument.Parse(last);
                var result = answer.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() == 1 && result[0].GetProperty("value")[1].GetString() == expected)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < EngineHost.Deadline, $"Prometheus did not answer {expected} to {query} within {EngineHost.Deadline.TotalSeconds} s; last answer: {last}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }
    }
}
