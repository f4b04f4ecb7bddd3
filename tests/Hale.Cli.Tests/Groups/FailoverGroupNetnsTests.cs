using Hale.Testing;

namespace Hale.Cli.Tests.Groups;

/// <summary>
/// A partition: the leader's Hale runs in a network namespace of its own (<see cref="NetworkNamespace"/>: a veth pair to this host,
/// etcd reached through it) and an nftables rule cuts it off etcd while the test still reaches its HTTP port. Needs root or
/// <c>sudo -n</c> (CI has either), <c>ip</c> and <c>nft</c> (scripts/test.sh installs nftables).
/// </summary>
[Collection(FailoverGroupCollection.Name)]
public sealed class FailoverGroupNetnsTests : IAsyncLifetime
{
    private NetworkNamespace? _space;
    private HaleGroupCluster? _cluster;

    private HaleGroupCluster Cluster => _cluster!;

    private NetworkNamespace Space => _space!;

    public async Task InitializeAsync()
    {
        if (!NetworkNamespace.IsSupported)
        {
            throw new InvalidOperationException("this test needs network namespaces: run it as root or with passwordless sudo, with iproute2 installed");
        }

        _space = NetworkNamespace.Create();
        _cluster = await HaleGroupCluster.StartAsync(etcdExtraHosts: [_space.HostAddress]);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync(); // the Hale inside first: a namespace lives while a process is in it
            }
        }
        finally
        {
            _space?.Dispose();
        }
    }

    [Fact]
    public async Task LeaderCutOffEtcd_DemotesItself_AndAnotherTakesOver()
    {
        var options = new GroupNodeOptions();
        Cluster.StartNode(0, options with { Namespace = Space });
        await Cluster.WaitForActiveAsync(0);
        Cluster.StartNode(1, options);
        Cluster.StartNode(2, options);
        await Cluster.WaitUntilAsync(() => Cluster.AllStandByExceptAsync(0), "n2 and n3 stand by");
        var firstToken = Cluster.Token(0);

        Space.Cut(Cluster.Etcd.Endpoints.Select(u => u.Port));

        // Its own clock fences it: no renewal answered → it demotes (service stopped) before etcd lets its lease expire.
        await Cluster.WaitUntilAsync(async () => await Cluster.RoleAsync(0) == 503, "n1 demotes itself");
        await Cluster.WaitForActiveAsync(1);
        Assert.Contains("n1 demotes: fenced", Cluster.Hale(0).Stderr, StringComparison.Ordinal);
        Assert.True(Cluster.Token(1) > firstToken);
        Assert.Equal(503, await Cluster.RoleAsync(2));

        Space.Heal();
        await Cluster.WaitUntilAsync(
            () => Task.FromResult(Cluster.Hale(0).Stderr.Contains("the coordination store answers again", StringComparison.Ordinal)), "n1 reaches etcd again");
        await Cluster.WaitUntilAsync(async () => await Cluster.RoleAsync(0) == 503 && await Cluster.RoleAsync(1) == 200, "n1 stands by, n2 stays");
        Cluster.AssertNoViolation();
    }
}
