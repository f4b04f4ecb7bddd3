using Hale.Logs;
using Hale.Processes;
using Hale.Services;

namespace Hale.Tests.Services;

/// <summary>A service's own log with real children: one ring across restarts and replacing reloads, closed when removed.</summary>
public sealed class SupervisorLogTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SupervisorHarness _h = new();

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task GetLog_ServiceCrashedAndRestartedByOperator_SameLogWithEveryInstancesLines()
    {
        var counter = Path.Combine(_h.Directory, "starts");
        await _h.StartAsync(_h.Owned("web", $"echo start >> {counter}; echo \"run $(wc -l < {counter})\"; echo \"err $(wc -l < {counter})\" >&2; exec sleep 300"));
        var log = _h.Supervisor.GetLog("web")!;
        var first = await _h.WaitAsync("web", s => s.State == ServiceState.Ready);
        await WaitForLineAsync(log, "err 1");

        NativeMethods.KillProcessGroup(first.Pid!.Value, NativeMethods.SIGKILL);
        var second = await _h.WaitAsync("web", s => s.State == ServiceState.Ready && s.Pid != first.Pid);
        await WaitForLineAsync(log, "err 2");
        _h.Supervisor.Send("web", ServiceCommand.Restart);
        await _h.WaitAsync("web", s => s.State == ServiceState.Ready && s.Pid != second.Pid);
        await WaitForLineAsync(log, "err 3");

        Assert.Same(log, _h.Supervisor.GetLog("web"));
        Assert.Equal(["run 1", "run 2", "run 3"], log.Tail(100, OutputStream.Stdout).Select(l => l.Text));
        Assert.Equal(["err 1", "err 2", "err 3"], log.Tail(100, OutputStream.Stderr).Select(l => l.Text));
    }

    [Fact]
    public async Task ReconcileAsync_ServiceRemoved_LogClosedAndItsFollowersEnd()
    {
        var web = _h.Owned("web", "echo hello; exec sleep 300");
        var keep = _h.Owned("keep", "exec sleep 300");
        await _h.StartAsync(web, keep);
        var log = _h.Supervisor.GetLog("web")!;
        await WaitForLineAsync(log, "hello");
        using var follower = log.Follow(10);

        await _h.Supervisor.ReconcileAsync([keep], _ => false);

        Assert.Null(_h.Supervisor.GetLog("web"));
        await follower.Lines.Completion.WaitAsync(Patience);
        Assert.Equal(["hello"], follower.Backlog.Select(l => l.Text));
    }

    [Fact]
    public async Task ReconcileAsync_ServiceReplaced_KeepsItsLogLinesAndFollowers()
    {
        var web = _h.Owned("web", "echo first; exec sleep 300");
        await _h.StartAsync(web);
        var log = _h.Supervisor.GetLog("web")!;
        await WaitForLineAsync(log, "first");
        using var follower = log.Follow(0);

        await _h.Supervisor.ReconcileAsync([_h.Owned("web", "echo second; exec sleep 300") with { Log = new ServiceLogOptions { Lines = 50 } }], _ => true);
        await WaitForLineAsync(log, "second");

        Assert.Same(log, _h.Supervisor.GetLog("web"));
        Assert.Equal(50, log.Options.Lines);
        Assert.Equal(["first", "second"], log.Tail(10).Select(l => l.Text));
        var next = await follower.Lines.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal("second", next.Text);
    }

    [Fact]
    public async Task ReconcileAsync_OnlyTheLogSettingsChanged_AppliedWithoutRestart()
    {
        var web = _h.Owned("web", "echo one; echo two; echo three; exec sleep 300");
        await _h.StartAsync(web);
        var log = _h.Supervisor.GetLog("web")!;
        var running = await _h.WaitAsync("web", s => s.State == ServiceState.Ready);
        await WaitForLineAsync(log, "three");

        await _h.Supervisor.ReconcileAsync([web with { Log = new ServiceLogOptions { Lines = 2 } }], _ => true, updateInPlace: _ => true);

        await WaitUntilAsync(() => log.Options.Lines == 2);
        Assert.Equal(["two", "three"], log.Tail(10).Select(l => l.Text));
        Assert.Equal(running.Pid, _h.Status("web").Pid);
    }

    private static async Task WaitForLineAsync(ServiceLog log, string text) =>
        await WaitUntilAsync(() => log.Tail(int.MaxValue).Any(l => l.Text == text));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "condition not met in time");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }
}
