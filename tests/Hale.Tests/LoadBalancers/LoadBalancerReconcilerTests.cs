using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Tests.Actions;

namespace Hale.Tests.LoadBalancers;

/// <summary>The reconciler on fake time against an in-memory balancer.</summary>
public sealed class LoadBalancerReconcilerTests : IAsyncLifetime
{
    private static readonly ServerAddress Web1 = new("be_web", "web1");
    private static readonly ServerAddress Web2 = new("be_web", "web2");

    private readonly ManualTimeProvider _time = new();
    private readonly FakeLoadBalancerRuntime _fake;
    private readonly ListLogger _log = new();
    private readonly LoadBalancerReconciler _reconciler;

    public LoadBalancerReconcilerTests()
    {
        _fake = new FakeLoadBalancerRuntime(_time, Web1, Web2);
        _reconciler = new LoadBalancerReconciler(
            _fake,
            new BalancerDefinition { Name = "main", Socket = "unix:///run/haproxy/admin.sock", DrainTimeout = TimeSpan.FromSeconds(3) },
            _log,
            _time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _reconciler.DisposeAsync();

    [Fact]
    public async Task SetDesired_OneChange_AppliedOnceAcrossResyncs()
    {
        _reconciler.Start();
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        await Eventually.TrueAsync(() => _fake.Sets.Count == 1, "the change applied");

        for (var i = 2; i <= 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Eventually.TrueAsync(() => Volatile.Read(ref _fake.InfoCalls) >= i, $"resync {i}");
        }

        await Eventually.TrueAsync(() => _reconciler.Snapshot.Servers.Count == 1, "the snapshot");
        Assert.Equal([(Web1, ServerAdminState.Ready)], _fake.Sets);
        var server = Assert.Single(_reconciler.Snapshot.Servers);
        Assert.Equal(new ServerReconcileStatus(Web1, ServerAdminState.Ready, ServerAdminState.Ready, _time.GetUtcNow() - TimeSpan.FromSeconds(15), null), server);
    }

    [Fact]
    public async Task Unreachable_RetriedWithBackoff_OnlyLatestDesiredAppliedWhenBack()
    {
        _fake.Unreachable = true;
        var start = _time.GetUtcNow();
        _reconciler.SetDesired(Web1, ServerAdminState.Maint);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _reconciler.Snapshot.NextRetryAt == start + TimeSpan.FromSeconds(1), "first backoff of 1 s");

        _reconciler.SetDesired(Web1, ServerAdminState.Drain);
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        await Eventually.TrueAsync(() => _reconciler.Snapshot.Servers is [{ Desired: ServerAdminState.Ready }], "latest desired state kept");
        Assert.Equal(1, Volatile.Read(ref _fake.FailedCalls));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _reconciler.Snapshot.NextRetryAt == start + TimeSpan.FromSeconds(3), "second backoff of 2 s");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(2, Volatile.Read(ref _fake.FailedCalls));

        _fake.Unreachable = false;
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _fake.Sets.Count == 1 && _reconciler.Snapshot.Reachable, "applied when back");

        Assert.Equal([(Web1, ServerAdminState.Ready)], _fake.Sets);
        Assert.Single(_log.Entries, e => e.EventId == 2102);
        Assert.Single(_log.Entries, e => e.EventId == 2103);
    }

    [Theory]
    [InlineData(101, 3600)]
    [InlineData(100, 1)]
    public async Task Resync_BalancerReloaded_ReappliesEveryDesiredState(int pid, int uptimeSeconds)
    {
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.SetDesired(Web2, ServerAdminState.Maint);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _fake.Sets.Count == 2 && _reconciler.Snapshot.Info is not null, "both applied, first show info");

        _fake.Info = new BalancerInfo(pid, TimeSpan.FromSeconds(uptimeSeconds), "2.6.12");
        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => _fake.Sets.Count == 4, "both re-applied");

        Assert.Equal([(Web1, ServerAdminState.Ready), (Web2, ServerAdminState.Maint)], _fake.Sets.Skip(2).OrderBy(s => s.Server.Server));
        Assert.Single(_log.Entries, e => e.EventId == 2104);
    }

    [Fact]
    public async Task Resync_UptimeGrowsSamePid_NothingReapplied()
    {
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _fake.Sets.Count == 1 && _reconciler.Snapshot.Info is not null, "applied, first show info");

        _fake.Info = _fake.Info with { Uptime = _fake.Info.Uptime + TimeSpan.FromSeconds(5) };
        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => _reconciler.Snapshot.Info?.Uptime == _fake.Info.Uptime, "resync");
        await Task.Delay(50);

        Assert.Single(_fake.Sets);
    }

    [Fact]
    public async Task Resync_StateChangedBehindHalesBack_DriftFixed()
    {
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _fake.Sets.Count == 1 && _reconciler.Snapshot.Info is not null, "applied, first show info");

        _fake.SetFlags(Web1, 0x01);
        _time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => _fake.Sets.Count == 2, "drift fixed");

        Assert.Equal((Web1, ServerAdminState.Ready), _fake.Sets[1]);
        Assert.Contains(_log.Entries, e => e.EventId == 2105 && e.Message.Contains("be_web/web1 is Maint, expected Ready", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoSuchServer_WarnedOnce_NotRetriedUntilDesiredChanges()
    {
        var ghost = new ServerAddress("be_web", "ghost");
        _fake.Refuse(ghost);
        _reconciler.SetDesired(ghost, ServerAdminState.Ready);
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.Start();
        await Eventually.TrueAsync(() => _fake.Sets.Count == 2 && _reconciler.Snapshot.Info is not null, "both tried");
        for (var i = 2; i <= 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Eventually.TrueAsync(() => Volatile.Read(ref _fake.InfoCalls) >= i, $"resync {i}");
        }

        _reconciler.SetDesired(ghost, ServerAdminState.Maint);
        await Eventually.TrueAsync(() => _fake.Sets.Count == 3, "new desired state tried");
        await Eventually.TrueAsync(() => _reconciler.Snapshot.Servers.Any(s => s.Server == ghost && s.Desired == ServerAdminState.Maint), "snapshot");

        Assert.Equal(2, _log.Entries.Count(e => e.EventId == 2101));
        Assert.True(_reconciler.Snapshot.Reachable);
        Assert.Equal("No such server.", _reconciler.Snapshot.Servers.Single(s => s.Server == ghost).LastError);
    }

    [Fact]
    public async Task DrainAsync_SessionsTwoOneZero_WaitsUntilZero()
    {
        _fake.QueueSessions(Web1, 2, 1, 0);
        _reconciler.SetDesired(Web1, ServerAdminState.Ready);
        _reconciler.Start();
        var start = _time.GetUtcNow();

        var drain = _reconciler.DrainAsync([Web1], CancellationToken.None);
        await Eventually.TrueAsync(() => _fake.SessionCalls.Count == 1, "first poll");
        await Eventually.TrueAsync(() => _time.HasTimerDueAt(start + TimeSpan.FromSeconds(1)), "first pause armed");
        Assert.False(drain.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _fake.SessionCalls.Count == 2, "second poll");
        await Eventually.TrueAsync(() => _time.HasTimerDueAt(start + TimeSpan.FromSeconds(2)), "second pause armed");
        Assert.False(drain.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await drain.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([start, start + TimeSpan.FromSeconds(1), start + TimeSpan.FromSeconds(2)], _fake.SessionCalls.Select(c => c.At));
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault() == (Web1, ServerAdminState.Drain), "drain applied");
    }

    [Fact]
    public async Task DrainAsync_SessionsStay_GivesUpAtDrainTimeout()
    {
        _fake.QueueSessions(Web1, 5);
        _reconciler.Start();
        var start = _time.GetUtcNow();

        var drain = _reconciler.DrainAsync([Web1], CancellationToken.None);
        for (var i = 1; i <= 3; i++)
        {
            await Eventually.TrueAsync(() => _fake.SessionCalls.Count == i, $"poll {i}");
            var pauseEnds = start + TimeSpan.FromSeconds(i);
            await Eventually.TrueAsync(() => _time.HasTimerDueAt(pauseEnds), $"pause {i} armed");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await drain.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(4, _fake.SessionCalls.Count);
        Assert.Equal(start + TimeSpan.FromSeconds(3), _fake.SessionCalls[^1].At);
        Assert.Single(_log.Entries, e => e.EventId == 2107);
    }

    [Fact]
    public async Task DrainAsync_Unreachable_DoesNotWait()
    {
        _fake.Unreachable = true;
        _reconciler.Start();

        await _reconciler.DrainAsync([Web1], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(_log.Entries, e => e.EventId == 2108);
    }
}
