using Hale.Failover;
using Hale.Testing;

namespace Hale.Etcd.Tests;

/// <summary>Construction and the calls' failures without a cluster.</summary>
public sealed class EtcdCoordinationStoreArgumentTests
{
    [Fact]
    public void Constructor_NoEndpoint_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new EtcdCoordinationStore([]));
    }

    [Theory]
    [InlineData("https://127.0.0.1:2379")]
    [InlineData("unix:///run/etcd.sock")]
    public void Constructor_NotHttp_ArgumentExceptionNamingIt(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => new EtcdCoordinationStore([new Uri(endpoint)]));

        Assert.Contains(endpoint.TrimEnd('/'), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ZeroDeadline_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new EtcdCoordinationStore([new Uri("http://127.0.0.1:2379")], TimeSpan.Zero));
    }

    [Fact]
    public async Task Calls_NothingListening_CoordinationException()
    {
        await using var store = new EtcdCoordinationStore([new Uri($"http://127.0.0.1:{Loopback.FreePort()}")], TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAsync<CoordinationException>(() => store.GrantLeaseAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        var put = await Assert.ThrowsAsync<CoordinationException>(() => store.PutAsync("/k", "v", 0, CancellationToken.None));
        Assert.True(put.OutcomeUnknown);
        await Assert.ThrowsAsync<CoordinationException>(() => store.ReadPrefixAsync("/", CancellationToken.None));
        await Assert.ThrowsAsync<CoordinationException>(() => store.KeepAliveOnceAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task WatchAsync_NothingListening_CoordinationException()
    {
        await using var store = new EtcdCoordinationStore([new Uri($"http://127.0.0.1:{Loopback.FreePort()}")], TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAsync<CoordinationException>(async () =>
        {
            await foreach (var _ in store.WatchAsync("/", 0, CancellationToken.None))
            {
            }
        });
    }
}
