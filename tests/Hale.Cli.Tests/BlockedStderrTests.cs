using System.Diagnostics;
using System.Text;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>
/// The real <c>hale run</c> with its stderr connected to a pipe nobody reads: once the pipe is full, logging drops lines instead
/// of waiting, so health answers and supervision go on; the drops are reported when stderr is read again.
/// </summary>
public sealed class BlockedStderrTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-stderr-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_StderrNeverRead_HealthAnswersCrashedServiceRestartedDropsReported()
    {
        var ticks = Path.Combine(_dir, "ticks");
        var starts = Path.Combine(_dir, "starts");
        var config = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(config, $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            checks:
              ping: { oneshot: { default: ok } }
            services:
              chatty:
                run: "while true; do seq 1 500; echo >> {{ticks}}; sleep 0.05; done"
              crasher:
                run: "echo >> {{starts}}; sleep 0.2; exit 1"
                restart: { start_window: 100ms, backoff: { initial: 100ms, max: 200ms }, limit: { starts: 100000, within: 1s } }
            """);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hale.dll"));
        info.ArgumentList.Add("run");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        using var hale = Process.Start(info)!;
        try
        {
            hale.BeginOutputReadLine();

            // chatty's ~500 lines per tick fill the 64 KiB stderr pipe within a tick or two, and the log queue soon after.
            await WaitUntilAsync(() => Lines(ticks) >= 40, "chatty to run 40 rounds");
            var before = Lines(starts);
            await WaitUntilAsync(() => Lines(starts) >= before + 3, "crasher to be restarted 3 more times with stderr blocked");
            using var client = new HttpClient { Timeout = Deadline };
            using var response = await client.GetAsync($"http://127.0.0.1:{_port}/ping");
            Assert.Equal(200, (int)response.StatusCode);

            var stderr = new StringBuilder();
            var reading = Task.Run(async () =>
            {
                var buffer = new char[65536];
                int read;
                while ((read = await hale.StandardError.ReadAsync(buffer)) > 0)
                {
                    lock (stderr)
                    {
                        stderr.Append(buffer, 0, read);
                    }
                }
            });
            await WaitUntilAsync(
                () =>
                {
                    lock (stderr)
                    {
                        return System.Text.RegularExpressions.Regex.IsMatch(stderr.ToString(), @"Z warn: Hale\.Logging\[1\] \d+ log lines dropped\n");
                    }
                },
                "the drops to be reported once stderr is read");
        }
        finally
        {
            if (!hale.HasExited)
            {
                hale.Kill(entireProcessTree: true);
                await hale.WaitForExitAsync();
            }
        }
    }

    private static int Lines(string file) => File.Exists(file) ? File.ReadAllLines(file).Length : 0;

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > Deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }
}
