using System.Diagnostics;

namespace Hale.Cli.Tests.Daemon;

/// <summary>Runs a system tool (util-linux <c>flock</c>, <c>cat</c>) as another process: what other programs see.</summary>
internal static class ExternalTool
{
    public static async Task<(int ExitCode, string Stdout)> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout);
    }

    /// <summary>The exit code of <c>flock -n FILE true</c>: 0 when nobody holds the lock, 1 when someone does.</summary>
    public static async Task<int> TryFlockAsync(string path) => (await RunAsync("flock", "-n", path, "true")).ExitCode;

    /// <summary>The file's content as <c>cat</c> reads it (.NET's own readers are refused while a .NET lock is held).</summary>
    public static async Task<string> CatAsync(string path) => (await RunAsync("cat", path)).Stdout;
}
