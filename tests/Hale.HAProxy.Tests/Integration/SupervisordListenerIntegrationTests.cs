using System.Diagnostics;
using Hale.LoadBalancers;

using Hale.Testing.Peers;

namespace Hale.HAProxy.Tests.Integration;

/// <summary>
/// A real supervisord runs <c>hale supervisor-haproxy</c> as its event listener against a real HAProxy:
/// stopping and starting the program moves its server through maint and back to ready.
/// </summary>
public sealed class SupervisordListenerIntegrationTests : IAsyncLifetime
{
    private RealHAProxy _haproxy = null!;
    private RealSupervisord _supervisord = null!;

    public async Task InitializeAsync()
    {
        _haproxy = await RealHAProxy.StartAsync();
        _supervisord = await RealSupervisord.StartAsync(_haproxy.Unix.Text, "web:be_app/s1");
    }

    public Task DisposeAsync()
    {
        _supervisord.Dispose();
        _haproxy.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Listener_StopAndStartProgram_ServerGoesMaintThenReady()
    {
        // supervisord starts web: STARTING (maint), then RUNNING after startsecs (ready).
        await WaitForLogAsync("Received PROCESS_STATE_RUNNING (from STARTING) for web, sending READY for be_app/s1.");
        var running = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        Assert.Contains("Received PROCESS_STATE_STARTING (from STOPPED) for web, sending MAINT for be_app/s1.", _supervisord.ListenerLog, StringComparison.Ordinal);

        var stopped = await _supervisord.CtlAsync("stop", "web");
        await WaitForLogAsync("Received PROCESS_STATE_STOPPED (from STOPPING) for web, sending MAINT for be_app/s1.");
        var maint = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);
        var maintStatus = await _haproxy.StatusAsync("s1");

        await _supervisord.CtlAsync("start", "web");
        var ready = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        var log = _supervisord.ListenerLog;

        Assert.Equal(ServerAdminState.Ready, running.AdminState);
        Assert.Contains("web: stopped", stopped, StringComparison.Ordinal);
        Assert.Contains("Received PROCESS_STATE_STOPPING (from RUNNING) for web, sending DRAIN for be_app/s1.", log, StringComparison.Ordinal);
        Assert.Equal(1, maint.AdminFlags);
        Assert.Equal("MAINT", maintStatus);
        Assert.Equal(ServerAdminState.Ready, ready.AdminState);
        Assert.DoesNotContain("ERROR", log, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", log, StringComparison.Ordinal);
    }

    private async Task WaitForLogAsync(string text)
    {
        var deadline = Stopwatch.StartNew();
        while (!_supervisord.ListenerLog.Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"'{text}' not in the listener's log:\n{_supervisord.ListenerLog}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
        }
    }
}
