using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>
/// The real <c>hale run</c> with many services that exit at once: the start window is measured from each child's exec (a start
/// queued behind a hundred others is not time the program ran), and the health endpoint keeps answering meanwhile (how fast is
/// a benchmark's question: bench/crash-storm.sh).
/// </summary>
public sealed class CrashStormTests : IDisposable
{
    private const int Services = 200;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-storm-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_ManyServicesExitAtOnce_NoneReadyEachBacksOffHealthKeepsAnswering()
    {
        var services = new StringBuilder();
        for (var i = 0; i < Services; i++)
        {
            services.Append(
                $"  s{i}: {{ run: [\"false\"], restart: {{ start_window: 1s, backoff: {{ initial: 200ms, max: 400ms }}, limit: {{ starts: 100000, within: 1s }} }} }}\n");
        }

        var config = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(config, $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            checks:
              ping: { oneshot: { default: ok } }
            services:
            {{services}}
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var answers = 0;
        var deadline = Stopwatch.StartNew();
        var backedOff = new HashSet<string>(StringComparer.Ordinal);
        while (backedOff.Count < Services && deadline.Elapsed < Deadline && !hale.HasExited)
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{_port}/ping");
                answers++;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            foreach (Match match in Regex.Matches(hale.Stderr, @"Service (s\d+) is now Backoff"))
            {
                backedOff.Add(match.Groups[1].Value);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        // A few more rounds of failures, so a start that waits behind the others' restarts is judged too.
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        var log = hale.Stderr;
        hale.Signal(15);
        await hale.WaitForExitAsync(Deadline);

        Assert.Equal(Services, backedOff.Count);
        Assert.DoesNotMatch(@"Service s\d+ is now (Ready|Running)", log);
        Assert.DoesNotMatch(@"Service s\d+ is now Backoff[^\n]*exited after", log);
        Assert.True(answers > 0, "the health endpoint never answered");
    }
}
