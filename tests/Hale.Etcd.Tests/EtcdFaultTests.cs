using Hale.Failover;
using Hale.Testing.Peers;

namespace Hale.Etcd.Tests;

/// <summary>The store while etcd members die: each test starts (and disposes) a 3-member cluster of its own.</summary>
public sealed class EtcdFaultTests
{
    private const string Prefix = "/hale-test/";

    [Fact]
    public async Task Calls_FollowerKilled_StillSucceed()
    {
        await using var cluster = await RealEtcdCluster.StartAsync();
        await using var store = new EtcdCoordinationStore(cluster.Endpoints, EtcdTestDeadline.ForSuccess);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var leader = await cluster.LeaderIndexAsync();

        await cluster.KillMemberAsync((leader + 1) % cluster.Count);

        for (var i = 0; i < 6; i++)
        {
            Assert.NotNull(await store.KeepAliveOnceAsync(lease, CancellationToken.None));
            await store.PutAsync(Prefix + "k" + i, "v", lease, CancellationToken.None);
            Assert.Equal(i + 1, (await store.ReadPrefixAsync(Prefix, CancellationToken.None)).Entries.Count);
        }

        Assert.True((await store.TryAcquireAsync(Prefix + "leader", "a", lease, CancellationToken.None)).Acquired);
        Assert.Equal(leader, await cluster.LeaderIndexAsync());
    }

    [Fact]
    public async Task Calls_LeaderKilled_SucceedAgainOnceTheOthersElected()
    {
        await using var cluster = await RealEtcdCluster.StartAsync();
        await using var store = new EtcdCoordinationStore(cluster.Endpoints);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var leader = await cluster.LeaderIndexAsync();

        await cluster.KillMemberAsync(leader);

        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await store.PutAsync(Prefix + "after", "v", lease, CancellationToken.None);
                    return true;
                }
                catch (CoordinationException)
                {
                    return false;
                }
            },
            "a put succeeds after the leader died");
        Assert.NotEqual(leader, await cluster.LeaderIndexAsync());
        Assert.NotNull(await store.KeepAliveOnceAsync(lease, CancellationToken.None));
        Assert.Single((await store.ReadPrefixAsync(Prefix, CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task Calls_QuorumLost_CoordinationException()
    {
        await using var cluster = await RealEtcdCluster.StartAsync();
        await using var store = new EtcdCoordinationStore(cluster.Endpoints);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var leader = await cluster.LeaderIndexAsync();

        // The leader and one follower: the survivor has no quorum.
        await cluster.KillMemberAsync(leader);
        await cluster.KillMemberAsync((leader + 1) % cluster.Count);

        var put = await Assert.ThrowsAsync<CoordinationException>(() => store.PutAsync(Prefix + "k", "v", 0, CancellationToken.None));
        Assert.True(put.OutcomeUnknown);
        await Assert.ThrowsAsync<CoordinationException>(() => store.TryAcquireAsync(Prefix + "leader", "a", lease, CancellationToken.None));
        await Assert.ThrowsAsync<CoordinationException>(() => store.ReadPrefixAsync(Prefix, CancellationToken.None));
        await Assert.ThrowsAsync<CoordinationException>(() => store.KeepAliveOnceAsync(lease, CancellationToken.None));
        await Assert.ThrowsAsync<CoordinationException>(() => store.GrantLeaseAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    [Fact]
    public async Task WatchAsync_QuorumLost_CoordinationException()
    {
        await using var cluster = await RealEtcdCluster.StartAsync();
        await using var store = new EtcdCoordinationStore(cluster.Endpoints);
        var start = (await store.ReadPrefixAsync(Prefix, CancellationToken.None)).Revision;
        await using var watch = new WatchRecorder(store, Prefix, start);
        var put = await store.PutAsync(Prefix + "a", "1", 0, CancellationToken.None);
        await watch.SeesAsync(put);
        var leader = await cluster.LeaderIndexAsync();

        await cluster.KillMemberAsync(leader);
        await cluster.KillMemberAsync((leader + 1) % cluster.Count);

        // The member left has no leader: it ends the watch (require-leader), and no member takes it up again.
        using var deadline = Eventually.Deadline();
        await Assert.ThrowsAsync<CoordinationException>(() => watch.Completion.WaitAsync(deadline.Token));
    }

    [Fact]
    public async Task WatchAsync_EachMemberKilledInTurn_ResumesWithoutLossAndWritesNothingToTheConsole()
    {
        await using var cluster = await RealEtcdCluster.StartAsync();
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        var log = new RecordingLogger();
        try
        {
            await using var store = new EtcdCoordinationStore(cluster.Endpoints, logger: log);
            var start = (await store.ReadPrefixAsync(Prefix, CancellationToken.None)).Revision;
            await using var watch = new WatchRecorder(store, Prefix, start);
            var first = await store.PutAsync(Prefix + "start", "0", 0, CancellationToken.None);
            await watch.SeesAsync(first);
            var written = new List<long> { first };

            // One of these kills is the member the watch is connected to: it resumes on another from its last revision.
            for (var member = 0; member < cluster.Count; member++)
            {
                await cluster.KillMemberAsync(member);
                written.Add(await PutUntilAcceptedAsync(store, Prefix + "during" + member));
                written.Add(await PutUntilAcceptedAsync(store, Prefix + "during" + member + "b"));
                await watch.SeesAsync(written[^1]);
                await cluster.RestartMemberAsync(member);
            }

            // Resumed after its last revision: nothing reported twice, and the last write seen.
            Assert.Equal(watch.Revisions.Order().Distinct(), watch.Revisions);
            Assert.Contains(written[^1], watch.Revisions);
            Assert.False(watch.Completion.IsCompleted);

            // The watch did lose its member, and came back: logged, not printed.
            Assert.Contains(log.Entries, e => e.Id == 2600);
            Assert.Contains(log.Entries, e => e.Id == 2601);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(string.Empty, console.ToString());
    }

    [Fact]
    public async Task KeepAliveOnceAsync_MemberOfThePreviousRenewalKilled_NextRenewalSucceeds()
    {
        await using var cluster = await RealEtcdCluster.StartAsync();
        await using var store = new EtcdCoordinationStore(cluster.Endpoints, EtcdTestDeadline.ForSuccess);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        // Each renewal is its own stream: killing any one member (quorum kept) never strands the lease.
        for (var member = 0; member < cluster.Count; member++)
        {
            Assert.NotNull(await store.KeepAliveOnceAsync(lease, CancellationToken.None));
            await cluster.KillMemberAsync(member);
            await Eventually.HoldsAsync(async () => await RenewsAsync(store, lease), $"a renewal succeeds with member {member} dead");
            await cluster.RestartMemberAsync(member);
        }
    }

    private static async Task<bool> RenewsAsync(EtcdCoordinationStore store, long lease)
    {
        try
        {
            return await store.KeepAliveOnceAsync(lease, CancellationToken.None) is not null;
        }
        catch (CoordinationException)
        {
            return false;
        }
    }

    /// <summary>Puts until one is accepted (a killed leader leaves the cluster without one for a moment); its revision.</summary>
    private static async Task<long> PutUntilAcceptedAsync(EtcdCoordinationStore store, string key)
    {
        long revision = 0;
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    revision = await store.PutAsync(key, "v", 0, CancellationToken.None);
                    return true;
                }
                catch (CoordinationException)
                {
                    return false;
                }
            },
            $"put {key} is accepted");
        return revision;
    }
}
