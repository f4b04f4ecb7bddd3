using System.Diagnostics;

namespace Hale.Cli.Tests.Daemon;

/// <summary>Another process holding an exclusive flock on a file: util-linux <c>flock FILE sleep</c>, killed on dispose.</summary>
internal sealed class FlockHolder : IDisposable
{
    private readonly Process _process;

    private FlockHolder(Process process) => _process = process;

    public static async Task<FlockHolder> StartAsync(string path)
    {
        var info = new ProcessStartInfo("flock") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-n", path, "-c", "echo locked; exec sleep 60" })
        {
            info.ArgumentList.Add(argument);
        }

        var holder = new FlockHolder(Process.Start(info)!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await holder._process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "locked")
        {
            holder.Dispose();
            throw new InvalidOperationException($"flock did not take the lock on {path}");
        }

        return holder;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
