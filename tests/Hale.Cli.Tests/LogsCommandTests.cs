using Hale.Testing;
using Xunit.Abstractions;

namespace Hale.Cli.Tests;

/// <summary>
/// <c>hale logs</c> against a real <c>hale run</c> whose child prints lines: the last N, one stream, following a line written
/// after the follow began (its latency is printed, not asserted), an unknown service, no Hale running.
/// </summary>
public sealed class LogsCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-logs-cli-").FullName;
    private readonly int _port = Loopback.FreePort();

    private string Fifo => Path.Combine(_dir, "say");

    private string LogFile => Path.Combine(_dir, "logs", "web.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Logs_LastLinesAndStderrOnly_PrintWhatTheChildWrote()
    {
        var config = Start(out var hale);
        using var _ = hale;
        await WaitForLogsAsync(config, "line-8");

        var (lastCode, last, lastError) = await HaleProcess.RunAsync("logs", "web", "-n", "5", "-c", config);
        await SayAsync("err:oops-1", "err:oops-2", "plain-9");
        await WaitForLogsAsync(config, "plain-9");
        var (stderrCode, stderrOnly, _) = await HaleProcess.RunAsync("logs", "web", "--stderr", "-c", config);

        Assert.True(lastCode == 0, lastError);
        Assert.Equal("line-4\nline-5\nline-6\nline-7\nline-8\n", last);
        Assert.Equal(0, stderrCode);
        Assert.Equal("oops-1\noops-2\n", stderrOnly);
        await StopAsync(hale);
        Assert.Contains(" stderr oops-2\n", await File.ReadAllTextAsync(LogFile), StringComparison.Ordinal);
        Assert.Contains(" stdout line-8\n", await File.ReadAllTextAsync(LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsFollow_LineWrittenAfterTheFollowBegan_Printed()
    {
        var config = Start(out var hale);
        using var _ = hale;
        await WaitForLogsAsync(config, "line-8");
        using var follower = HaleProcess.Start("logs", "web", "-f", "-n", "1", "-c", config);
        await WaitUntilAsync(() => follower.Stdout.Contains("line-8", StringComparison.Ordinal) || follower.HasExited);
        Assert.False(follower.HasExited, follower.Stderr);

        var written = TimeProvider.System.GetTimestamp();
        await SayAsync("fresh-line");
        await WaitUntilAsync(() => follower.Stdout.Contains("fresh-line", StringComparison.Ordinal), TimeSpan.FromMilliseconds(1));
        var latency = TimeProvider.System.GetElapsedTime(written);

        output.WriteLine($"hale logs -f: a line written by the child was printed {latency.TotalMilliseconds:0.0} ms later");
        Assert.Equal("line-8\nfresh-line\n", follower.Stdout);
        await StopAsync(hale);
        Assert.Equal(0, await follower.WaitForExitAsync(Patience));
        Assert.Contains("the log of 'web' ended", follower.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_UnknownService_ErrorAndExit1()
    {
        var config = Start(out var hale);
        using var _ = hale;
        await WaitForLogsAsync(config, "line-8");

        var (code, stdout, stderr) = await HaleProcess.RunAsync("logs", "nope", "-c", config);

        Assert.Equal((1, string.Empty), (code, stdout));
        Assert.Equal("hale: no service named 'nope'\n", stderr);
        await StopAsync(hale);
    }

    [Fact]
    public async Task Logs_NoHaleRunning_SameMessageAsStatus()
    {
        var state = Path.Combine(_dir, "empty-state");
        Directory.CreateDirectory(state);

        var (code, _, stderr) = await HaleProcess.RunAsync("logs", "web", "--state-dir", state);
        var (statusCode, _, statusError) = await HaleProcess.RunAsync("status", "--state-dir", state);

        Assert.Equal(1, code);
        Assert.Equal(statusCode, code);
        Assert.Equal(statusError, stderr);
        Assert.StartsWith("hale: ", stderr, StringComparison.Ordinal);
    }

    /// <summary>Starts <c>hale run</c> with a service <c>web</c> that prints line-1..line-8, then prints what the test says.</summary>
    private string Start(out HaleProcess hale)
    {
        System.Diagnostics.Process.Start("mkfifo", [Fifo])!.WaitForExit();
        var path = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(path, $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            services:
              web:
                run: 'for i in 1 2 3 4 5 6 7 8; do echo line-$i; done; exec 3<> {{Fifo}}; while read l <&3; do case $l in err:*) echo "${l#err:}" >&2;; *) echo "$l";; esac; done'
                log: { file: logs/web.log, max_size: 1MB, keep: 2 }
            """);
        hale = HaleProcess.Start("run", "-c", path);
        return path;
    }

    /// <summary>Writes each line to the child (it holds the fifo open for reading and writing, so it never sees its end).</summary>
    private async Task SayAsync(params string[] lines)
    {
        foreach (var line in lines)
        {
            await File.WriteAllTextAsync(Fifo, line + "\n").WaitAsync(Patience);
        }
    }

    private static async Task StopAsync(HaleProcess hale)
    {
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Patience));
    }

    private static async Task WaitForLogsAsync(string config, string text)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var (code, stdout, _) = await HaleProcess.RunAsync("logs", "web", "-n", "1000", "-c", config);
            if (code == 0 && stdout.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, $"'{text}' not in hale logs");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? poll = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "condition not met in time");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
