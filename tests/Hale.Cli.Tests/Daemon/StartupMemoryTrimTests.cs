using System.Diagnostics;
using Hale.Cli.Daemon;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Cli.Tests.Daemon;

public sealed class StartupMemoryTrimTests
{
    [Fact]
    public void DropExecutablePages_RunningProcess_KeepsRunningItsCode()
    {
        var dropped = StartupMemoryTrim.DropExecutablePages();

        // Only never-written pages were advised away: the executable's code faults back in and runs as before.
        Assert.True(dropped >= 0);
        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        Assert.True(child.WaitForExit(30_000));
        Assert.Equal(0, child.ExitCode);
        Assert.True(StartupMemoryTrim.DropExecutablePages() >= 0);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsWithoutThrowing()
    {
        using var stop = new CancellationTokenSource();
        var trim = StartupMemoryTrim.RunAsync(TimeSpan.FromHours(1), TimeProvider.System, NullLogger.Instance, stop.Token);

        await stop.CancelAsync();

        await trim.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(trim.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_AfterTheDelay_TrimsAndCompletes()
    {
        await StartupMemoryTrim.RunAsync(TimeSpan.Zero, TimeProvider.System, NullLogger.Instance, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
