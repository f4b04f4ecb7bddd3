using Hale.Processes;
using Hale.Services;

namespace Hale.Tests.Services;

/// <summary>Dependencies as a graph, with real children: no start while a dependency is down, dependents stop first.</summary>
public sealed class SupervisorDependencyTests : IAsyncLifetime
{
    private readonly SupervisorHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Crash_DependencyStoppedByOperator_NotRestartedUntilDependencyStarts()
    {
        // app polls its dependencies only every 30 s: its 200 ms backoff ends long before a poll could see db stopped.
        await _h.StartAsync(
            _h.Owned("db", "exec sleep 300"),
            _h.Owned("app", "exec sleep 300") with { DependsOn = [new ServiceDependency("db")], CheckInterval = TimeSpan.FromSeconds(30) });
        var first = await _h.WaitAsync("app", s => s.State == ServiceState.Ready);
        _h.Supervisor.Send("db", ServiceCommand.Stop);
        await _h.WaitAsync("db", s => s.State == ServiceState.Stopped);

        NativeMethods.KillProcessGroup(first.Pid!.Value, NativeMethods.SIGKILL);
        var waiting = await _h.WaitAsync("app", s => s.LastExit is not null && !s.HasInstance && s.WaitingFor is not null);
        await Task.Delay(1500);
        var afterSeveralBackoffs = _h.Status("app");
        _h.Supervisor.Send("db", ServiceCommand.Start);
        var restarted = await _h.WaitAsync("app", s => s.State == ServiceState.Ready && s.Pid != first.Pid);

        Assert.StartsWith("db", waiting.WaitingFor);
        Assert.False(afterSeveralBackoffs.HasInstance, $"app was started while db was stopped: {afterSeveralBackoffs}");
        Assert.Equal(first.StartedAt, afterSeveralBackoffs.StartedAt);
        Assert.True(restarted.StartedAt >= _h.Status("db").StartedAt, "app started before db");
        Assert.True(ProcessTable.IsAlive(restarted.Pid!.Value));
    }

    [Fact]
    public async Task StopAsync_DependencyHasHigherOrder_DependentsStopFirst()
    {
        var stops = Path.Combine(_h.Directory, "stops");
        await _h.StartAsync(
            _h.RecordsStop("db", stops) with { Order = 2 },
            _h.RecordsStop("app", stops, delay: "0.3") with { Order = 1, DependsOn = [new ServiceDependency("db")] },
            _h.RecordsStop("cache", stops) with { Order = 3 });
        await _h.WaitAsync("app", s => s.State == ServiceState.Ready);
        await _h.WaitAsync("cache", s => s.State == ServiceState.Ready);

        await _h.Supervisor.StopAsync();

        Assert.Equal(["cache", "app", "db"], File.ReadAllLines(stops));
        Assert.Equal(["db", "app", "cache"], _h.Supervisor.Definitions.Select(d => d.Name));
    }

    [Fact]
    public async Task ReconcileAsync_RemovesDependencyAndDependent_DependentStopsFirst()
    {
        var stops = Path.Combine(_h.Directory, "stops");
        var db = _h.RecordsStop("db", stops);
        var app = _h.RecordsStop("app", stops, delay: "0.3") with { DependsOn = [new ServiceDependency("db")] };
        var keep = _h.Owned("keep", "exec sleep 300");
        await _h.StartAsync(db, app, keep);
        await _h.WaitAsync("app", s => s.State == ServiceState.Ready);
        var kept = await _h.WaitAsync("keep", s => s.State == ServiceState.Ready);

        var (_, removed, _) = await _h.Supervisor.ReconcileAsync([keep], _ => false);

        Assert.Equal(["app", "db"], removed.Order(StringComparer.Ordinal));
        Assert.Equal(["app", "db"], File.ReadAllLines(stops));
        Assert.Equal(kept.Pid, _h.Status("keep").Pid);
    }
}
