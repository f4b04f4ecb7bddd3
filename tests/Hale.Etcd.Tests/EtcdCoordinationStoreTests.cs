using Hale.Failover;
using Hale.Testing.Peers;

namespace Hale.Etcd.Tests;

/// <summary>The store against a real, healthy 3-member etcd 3.4 cluster (shared by these tests; each uses keys of its own).</summary>
public sealed class EtcdCoordinationStoreTests(EtcdClusterFixture fixture) : IClassFixture<EtcdClusterFixture>, IAsyncLifetime
{
    private readonly string _prefix = $"/hale-test/{Guid.NewGuid():N}/";
    private EtcdCoordinationStore _store = null!;

    private RealEtcdCluster Cluster => fixture.Cluster;

    public Task InitializeAsync()
    {
        _store = new EtcdCoordinationStore(Cluster.Endpoints, EtcdTestDeadline.ForSuccess);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task GrantLeaseAsync_OneSecond_LeaseThatKeepAliveRenewsForOneSecond()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        var renewed = await _store.KeepAliveOnceAsync(lease, CancellationToken.None);

        Assert.NotEqual(0, lease);
        Assert.Equal(TimeSpan.FromSeconds(1), renewed);
    }

    [Fact]
    public async Task GrantLeaseAsync_FractionOfASecond_RoundedUpToWholeSeconds()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromMilliseconds(1500), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(2), await _store.KeepAliveOnceAsync(lease, CancellationToken.None));
    }

    [Fact]
    public async Task KeepAliveOnceAsync_LeaseNotRenewed_NullOnceExpiredAndItsKeysGone()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await _store.PutAsync(_prefix + "member", "a", lease, CancellationToken.None);

        // Not renewed: etcd deletes it about 1-1.5 s later; probe with reads (not keepalives, which would renew it).
        await Eventually.HoldsAsync(
            async () => (await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Entries.Count == 0, "the lease's key is deleted");

        Assert.Null(await _store.KeepAliveOnceAsync(lease, CancellationToken.None));
    }

    [Fact]
    public async Task KeepAliveOnceAsync_UnknownLease_Null()
    {
        Assert.Null(await _store.KeepAliveOnceAsync(0x7eadbeef, CancellationToken.None));
    }

    [Fact]
    public async Task KeepAliveOnceAsync_Renewed_LeaseOutlivesItsTtl()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await _store.PutAsync(_prefix + "member", "a", lease, CancellationToken.None);

        // Renewed every 200 ms for 3 s (three TTLs): the key stays.
        for (var i = 0; i < 15; i++)
        {
            Assert.NotNull(await _store.KeepAliveOnceAsync(lease, CancellationToken.None));
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }

        Assert.Single((await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task RevokeLeaseAsync_LeaseWithKey_KeyDeletedAndLeaseGone()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await _store.PutAsync(_prefix + "member", "a", lease, CancellationToken.None);

        await _store.RevokeLeaseAsync(lease, CancellationToken.None);

        Assert.Empty((await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Entries);
        Assert.Null(await _store.KeepAliveOnceAsync(lease, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeLeaseAsync_LeaseAlreadyGone_NoError()
    {
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await _store.RevokeLeaseAsync(lease, CancellationToken.None);

        await _store.RevokeLeaseAsync(lease, CancellationToken.None);
    }

    [Fact]
    public async Task PutAsync_NoLease_RevisionAndEntryReadBack()
    {
        var revision = await _store.PutAsync(_prefix + "k", "v1", 0, CancellationToken.None);

        var snapshot = await _store.ReadPrefixAsync(_prefix, CancellationToken.None);

        var entry = Assert.Single(snapshot.Entries);
        Assert.Equal(new CoordinationEntry(_prefix + "k", "v1", revision, revision, 0), entry);
        Assert.True(snapshot.Revision >= revision);
    }

    [Fact]
    public async Task PutAsync_UnknownLease_CoordinationExceptionWithDefiniteOutcome()
    {
        var error = await Assert.ThrowsAsync<CoordinationException>(() => _store.PutAsync(_prefix + "k", "v", 0x7eadbeef, CancellationToken.None));

        Assert.False(error.OutcomeUnknown);
        Assert.Contains("NotFound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryAcquireAsync_TwoLeases_FirstAcquiresSecondSeesTheHolder()
    {
        var a = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var b = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var key = _prefix + "leader";

        var first = await _store.TryAcquireAsync(key, "node-a", a, CancellationToken.None);
        var second = await _store.TryAcquireAsync(key, "node-b", b, CancellationToken.None);

        Assert.True(first.Acquired);
        Assert.NotNull(first.Holder);
        Assert.Equal(("node-a", a), (first.Holder.Value, first.Holder.Lease));
        Assert.False(second.Acquired);
        Assert.Equal(first.Holder, second.Holder);
        var read = Assert.Single((await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Entries);
        Assert.Equal(first.Holder.CreateRevision, read.CreateRevision);
    }

    [Fact]
    public async Task TryAcquireAsync_SameLeaseAgain_AcquiredWithTheSameCreateRevision()
    {
        var a = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var key = _prefix + "leader";

        var first = await _store.TryAcquireAsync(key, "node-a", a, CancellationToken.None);
        var again = await _store.TryAcquireAsync(key, "node-a", a, CancellationToken.None);

        Assert.True(again.Acquired);
        Assert.Equal(first.Holder!.CreateRevision, again.Holder!.CreateRevision);
    }

    [Fact]
    public async Task TryAcquireAsync_HolderLeaseExpires_AnotherAcquiresWithANewerCreateRevision()
    {
        var a = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        var b = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var key = _prefix + "leader";
        var first = await _store.TryAcquireAsync(key, "node-a", a, CancellationToken.None);

        LeaderClaim? claim = null;
        await Eventually.HoldsAsync(
            async () => (claim = await _store.TryAcquireAsync(key, "node-b", b, CancellationToken.None)).Acquired, "b acquires once a's lease expired");

        Assert.Equal("node-b", claim!.Holder!.Value);
        Assert.True(claim.Holder.CreateRevision > first.Holder!.CreateRevision);
    }

    [Fact]
    public async Task ReleaseAsync_OtherCreateRevision_FalseAndKeyKept()
    {
        var a = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var key = _prefix + "leader";
        var claim = await _store.TryAcquireAsync(key, "node-a", a, CancellationToken.None);

        var released = await _store.ReleaseAsync(key, claim.Holder!.CreateRevision - 1, CancellationToken.None);

        Assert.False(released);
        Assert.Single((await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task ReleaseAsync_OwnCreateRevision_TrueAndKeyDeletedThenFalse()
    {
        var a = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var key = _prefix + "leader";
        var claim = await _store.TryAcquireAsync(key, "node-a", a, CancellationToken.None);

        var released = await _store.ReleaseAsync(key, claim.Holder!.CreateRevision, CancellationToken.None);
        var again = await _store.ReleaseAsync(key, claim.Holder.CreateRevision, CancellationToken.None);

        Assert.True(released);
        Assert.False(again);
        Assert.Empty((await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task ReadPrefixAsync_KeysInsideAndBesideThePrefix_OnlyInsideInKeyOrder()
    {
        await _store.PutAsync(_prefix + "b", "2", 0, CancellationToken.None);
        await _store.PutAsync(_prefix + "a", "1", 0, CancellationToken.None);
        await _store.PutAsync(_prefix + "a/x", "3", 0, CancellationToken.None);
        await _store.PutAsync(_prefix.TrimEnd('/'), "beside", 0, CancellationToken.None);
        await _store.PutAsync(_prefix.TrimEnd('/') + "0", "beside", 0, CancellationToken.None);

        var snapshot = await _store.ReadPrefixAsync(_prefix, CancellationToken.None);

        Assert.Equal([_prefix + "a", _prefix + "a/x", _prefix + "b"], snapshot.Entries.Select(e => e.Key));
        Assert.Equal(["1", "3", "2"], snapshot.Entries.Select(e => e.Value));
    }

    [Fact]
    public async Task ReadPrefixAsync_NothingThere_EmptyAtTheCurrentRevision()
    {
        var revision = await _store.PutAsync(_prefix.TrimEnd('/') + "-other", "x", 0, CancellationToken.None);

        var snapshot = await _store.ReadPrefixAsync(_prefix, CancellationToken.None);

        Assert.Empty(snapshot.Entries);
        Assert.True(snapshot.Revision >= revision);
    }

    [Fact]
    public async Task WatchAsync_ChangesUnderThePrefix_YieldsTheirRevisionsAndNotOthers()
    {
        var start = (await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Revision;
        await using var watch = new WatchRecorder(_store, _prefix, start);

        var put = await _store.PutAsync(_prefix + "a", "1", 0, CancellationToken.None);
        await watch.SeesAsync(put);
        var outside = await _store.PutAsync(_prefix.TrimEnd('/') + "-other", "x", 0, CancellationToken.None);
        var lease = await _store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var acquired = (await _store.TryAcquireAsync(_prefix + "leader", "n", lease, CancellationToken.None)).Holder!.CreateRevision;
        await watch.SeesAsync(acquired);
        await _store.RevokeLeaseAsync(lease, CancellationToken.None);
        var after = (await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Revision;
        await watch.SeesAsync(after);

        Assert.Contains(put, watch.Revisions);
        Assert.Contains(acquired, watch.Revisions);
        Assert.DoesNotContain(outside, watch.Revisions);
        Assert.Equal(watch.Revisions.Order(), watch.Revisions);
    }

    [Fact]
    public async Task WatchAsync_AfterAnOldRevision_ReportsTheChangesSinceThen()
    {
        var before = (await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Revision;
        var first = await _store.PutAsync(_prefix + "a", "1", 0, CancellationToken.None);
        var second = await _store.PutAsync(_prefix + "b", "2", 0, CancellationToken.None);

        await using var watch = new WatchRecorder(_store, _prefix, before);
        await watch.SeesAsync(second);

        // Replayed history may come as one batch: its highest revision is reported.
        Assert.True(first > before);
        Assert.All(watch.Revisions, r => Assert.InRange(r, first, second));
        Assert.Equal(second, watch.Revisions.Max());
    }

    [Fact]
    public async Task WatchAsync_TokenCancelled_EndsWithoutException()
    {
        var start = (await _store.ReadPrefixAsync(_prefix, CancellationToken.None)).Revision;
        var watch = new WatchRecorder(_store, _prefix, start);
        var put = await _store.PutAsync(_prefix + "a", "1", 0, CancellationToken.None);
        await watch.SeesAsync(put);

        watch.Cancel();

        await watch.Completion;
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task WatchAsync_StoreDisposed_EndsWithoutException()
    {
        var store = new EtcdCoordinationStore(Cluster.Endpoints, EtcdTestDeadline.ForSuccess);
        var start = (await store.ReadPrefixAsync(_prefix, CancellationToken.None)).Revision;
        await using var watch = new WatchRecorder(store, _prefix, start);
        var put = await _store.PutAsync(_prefix + "a", "1", 0, CancellationToken.None);
        await watch.SeesAsync(put);

        await store.DisposeAsync();

        await watch.Completion;
    }

    [Fact]
    public async Task Calls_CancelledToken_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.PutAsync(_prefix + "k", "v", 0, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.ReadPrefixAsync(_prefix, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.KeepAliveOnceAsync(1, cancelled.Token));
    }

    [Fact]
    public async Task Calls_StoreDisposed_CoordinationException()
    {
        var store = new EtcdCoordinationStore(Cluster.Endpoints, EtcdTestDeadline.ForSuccess);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<CoordinationException>(() => store.ReadPrefixAsync(_prefix, CancellationToken.None));
        await Assert.ThrowsAsync<CoordinationException>(() => store.GrantLeaseAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }
}
