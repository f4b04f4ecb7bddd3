using System.Net;
using System.Text;
using Hale.Auth;
using Hale.Combinators;
using Hale.Testing;
using Xunit.Abstractions;

namespace Hale.Hosting.Tests;

/// <summary>
/// A wrong-password storm against an htpasswd-protected oneshot while a health component is polled: the credential checks
/// run on the verifier pool, so the health answers are not delayed by them (bound stated in bench/RESULTS.md).
/// </summary>
public sealed class AuthStormTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StormLength = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-authstorm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Get_DuringWrongPasswordStorm_HealthP99UnderOneSecond()
    {
        var htpasswd = Path.Combine(_dir, "users");
        HtpasswdTool.Add(htpasswd, "operator", "s3cret", "-B", "-C", "10");
        var options = new HealthCheckServerOptions
        {
            Listen = [new(IPAddress.Loopback, 0)],
            // the failure budgets must not be what protects the health endpoint: the verifier pool must
            AuthLimits = new AuthLimits { FailuresPerClient = 1_000_000, FailuresTotal = 1_000_000 },
        };
        var oneshot = new Oneshot(auth: new HtpasswdFile(htpasswd));
        await using var running = await RunningServer.StartAsync(
            s =>
            {
                s.AddComponent("health", new ScriptedCheck());
                s.AddComponent("failback", oneshot, onPost: oneshot);
            },
            options);
        var failback = running.Server.BoundEndPoints[0];
        using var storm = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{failback.Port}/") };
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var unauthorized = 0;
        var clients = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            while (time.GetElapsedTime(started) < StormLength)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/failback");
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:wrong{i}")));
                using var response = await storm.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    Interlocked.Increment(ref unauthorized);
                }
            }
        })).ToList();

        var latencies = new List<TimeSpan>();
        while (time.GetElapsedTime(started) < StormLength)
        {
            var sent = time.GetTimestamp();
            var (status, _) = await running.SendAsync(HttpMethod.Get, "/health");
            latencies.Add(time.GetElapsedTime(sent));
            Assert.Equal(200, status);
            await Task.Delay(TimeSpan.FromMilliseconds(20), time);
        }

        await Task.WhenAll(clients);

        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        output.WriteLine($"health p50 {latencies[latencies.Count / 2].TotalMilliseconds:F1} ms, p99 {p99.TotalMilliseconds:F1} ms, max {latencies[^1].TotalMilliseconds:F1} ms over {latencies.Count} GETs; {unauthorized} wrong passwords checked");
        Assert.True(Volatile.Read(ref unauthorized) >= 3, $"the storm got only {unauthorized} verdicts: the credential checks did not run");
        Assert.True(p99 < TimeSpan.FromSeconds(1), $"health p99 {p99.TotalMilliseconds:F0} ms over {latencies.Count} GETs (max {latencies[^1].TotalMilliseconds:F0} ms) during the storm");
    }
}
