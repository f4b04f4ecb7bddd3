using Hale.Processes;
using Hale.Services;
using Hale.Tests.Actions;

namespace Hale.Tests.Services;

/// <summary><see cref="ServiceDefinition.BeforeStop"/> with real children: awaited before a planned stop, bounded, never for a crash.</summary>
public sealed class BeforeStopTests : IAsyncLifetime
{
    private readonly string _owner = "hale-test-" + Guid.NewGuid().ToString("N");
    private Supervisor? _supervisor;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.StopAsync();
            await _supervisor.DisposeAsync();
        }

        ProcessTable.KillLeftovers(_owner);
    }

    [Fact]
    public async Task PlannedStop_HookLongerThanStopTimeout_StopTimeoutStartsAfterTheHook()
    {
        var hookDone = false;
        var graceful = Path.Combine(Path.GetTempPath(), _owner + ".graceful");
        await StartAsync(Service($"trap 'sleep 0.3; touch {graceful}; exit 0' TERM; while true; do sleep 0.05; done") with
        {
            BeforeStop = async t =>
            {
                await Task.Delay(2500, t);
                hookDone = true;
            },
            // Longer than the child's 0.3 s graceful stop even on a loaded machine, shorter than the hook: counted from the
            // hook's start, it would kill the child before its trap ran.
            Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromSeconds(2)),
        });

        _supervisor!.Send("web", ServiceCommand.Stop);
        await Eventually.TrueAsync(() => _supervisor.GetStatus("web")!.State == ServiceState.Stopped, "stopped");

        Assert.True(hookDone);
        Assert.True(File.Exists(graceful), "killed before its graceful stop completed");
        File.Delete(graceful);
    }

    [Fact]
    public async Task PlannedStop_HookFailsOrHangs_StopProceeds()
    {
        await StartAsync(
            Service() with { BeforeStop = _ => throw new InvalidOperationException("boom") },
            Service() with { Name = "hang", BeforeStop = t => Task.Delay(Timeout.Infinite, CancellationToken.None), BeforeStopTimeout = TimeSpan.FromMilliseconds(300) });

        _supervisor!.Send("web", ServiceCommand.Stop);
        _supervisor.Send("hang", ServiceCommand.Stop);

        await Eventually.TrueAsync(() => _supervisor.GetStatus("web")!.State == ServiceState.Stopped, "web stopped");
        await Eventually.TrueAsync(() => _supervisor.GetStatus("hang")!.State == ServiceState.Stopped, "hang stopped");
    }

    [Fact]
    public async Task Crash_HookNotCalled()
    {
        var calls = 0;
        await StartAsync(Service() with { BeforeStop = _ => Task.FromResult(Interlocked.Increment(ref calls)) });
        var pid = _supervisor!.GetStatus("web")!.Pid!.Value;

        NativeMethods.KillProcessGroup(pid, NativeMethods.SIGKILL);
        await Eventually.TrueAsync(() => _supervisor.GetStatus("web")!.Restarts == 1, "crash seen");

        Assert.Equal(0, Volatile.Read(ref calls));
    }

    private async Task StartAsync(params ServiceDefinition[] services)
    {
        _supervisor = new Supervisor(services, new SupervisorOptions { Owner = _owner, OrderGroupTimeout = TimeSpan.FromSeconds(5) });
        await _supervisor.StartAsync();
        foreach (var service in services)
        {
            await Eventually.TrueAsync(() => _supervisor.GetStatus(service.Name)!.State == ServiceState.Ready, $"{service.Name} ready");
        }
    }

    private ServiceDefinition Service(string command = "exec sleep 300") => new()
    {
        Name = "web",
        Run = new ProcessSpec { CommandLine = command, Owner = _owner },
        Restart = new RestartPolicy { BackoffInitial = TimeSpan.FromSeconds(30), StartWindow = TimeSpan.FromMilliseconds(100) },
        CheckInterval = TimeSpan.FromMilliseconds(100),
        Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromSeconds(2)),
    };
}
