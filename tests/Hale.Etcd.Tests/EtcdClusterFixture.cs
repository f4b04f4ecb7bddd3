using Hale.Testing.Peers;

namespace Hale.Etcd.Tests;

/// <summary>One real 3-member etcd cluster shared by the tests of a class that do not kill members; disposed after them.</summary>
public sealed class EtcdClusterFixture : IAsyncLifetime
{
    public RealEtcdCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await RealEtcdCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
