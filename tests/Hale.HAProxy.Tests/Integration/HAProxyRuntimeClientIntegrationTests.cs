using Hale.LoadBalancers;

using Hale.Testing.Peers;

namespace Hale.HAProxy.Tests.Integration;

/// <summary>The client against a real HAProxy 2.6 (apt package haproxy).</summary>
public sealed class HAProxyRuntimeClientIntegrationTests : IAsyncLifetime
{
    private static readonly ServerAddress S1 = new("be_app", "s1");
    private RealHAProxy _haproxy = null!;

    public async Task InitializeAsync() => _haproxy = await RealHAProxy.StartAsync();

    public Task DisposeAsync()
    {
        _haproxy.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetServerStateAsync_DrainMaintReady_SeenInServersStateAndStat(bool unix)
    {
        var client = _haproxy.Client(unix);

        await client.SetServerStateAsync(S1, ServerAdminState.Drain, CancellationToken.None);
        var drained = (await client.ShowServersStateAsync("be_app", CancellationToken.None)).Single(r => r.Address == S1);
        var drainStatus = await _haproxy.StatusAsync("s1");
        await client.SetServerStateAsync(S1, ServerAdminState.Maint, CancellationToken.None);
        var maint = (await client.ShowServersStateAsync(null, CancellationToken.None)).Single(r => r.Address == S1);
        var maintStatus = await _haproxy.StatusAsync("s1");
        await client.SetServerStateAsync(S1, ServerAdminState.Ready, CancellationToken.None);
        var ready = (await client.ShowServersStateAsync("be_app", CancellationToken.None)).Single(r => r.Address == S1);
        var readyStatus = await _haproxy.StatusAsync("s1");

        Assert.Equal(ServerAdminState.Drain, drained.AdminState);
        Assert.Equal(8, drained.AdminFlags);
        Assert.Equal("DRAIN", drainStatus);
        Assert.Equal(ServerAdminState.Maint, maint.AdminState);
        Assert.Equal(1, maint.AdminFlags);
        Assert.Equal("MAINT", maintStatus);
        Assert.Equal(ServerAdminState.Ready, ready.AdminState);
        Assert.DoesNotContain("MAINT", readyStatus, StringComparison.Ordinal);
        Assert.DoesNotContain("DRAIN", readyStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowServersStateAsync_AllServers_BothListed()
    {
        var rows = await _haproxy.Client().ShowServersStateAsync(null, CancellationToken.None);

        Assert.Equal(["s1", "s2"], rows.Where(r => r.Address.Backend == "be_app").Select(r => r.Address.Server).Order());
    }

    [Fact]
    public async Task ShowInfoAsync_RealHAProxy_ItsPidAndVersion()
    {
        var info = await _haproxy.Client(unix: true).ShowInfoAsync(CancellationToken.None);

        Assert.Equal(_haproxy.Pid, info.Pid);
        Assert.StartsWith("2.", info.Version, StringComparison.Ordinal);
        Assert.True(info.Uptime < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task CurrentSessionsAsync_IdleServer_ZeroAndUnknownIsNull()
    {
        var client = _haproxy.Client();

        Assert.Equal(0, await client.CurrentSessionsAsync(S1, CancellationToken.None));
        Assert.Null(await client.CurrentSessionsAsync(new ServerAddress("be_app", "nope"), CancellationToken.None));
    }

    [Theory]
    [InlineData("be_app", "nope", "No such server.")]
    [InlineData("nope", "s1", "No such backend.")]
    public async Task SetServerStateAsync_Unknown_ThrowsHAProxysText(string backend, string server, string text)
    {
        var ex = await Assert.ThrowsAsync<LoadBalancerException>(
            () => _haproxy.Client().SetServerStateAsync(new ServerAddress(backend, server), ServerAdminState.Maint, CancellationToken.None));

        Assert.Equal(text, ex.Message);
        Assert.False(ex.Unreachable);
    }

    [Fact]
    public async Task SendAsync_BadStateWord_ThrowsNothingButReturnsTheText()
    {
        var reply = await _haproxy.Client().SendAsync("set server be_app/s1 state bogus", CancellationToken.None);

        Assert.Equal("'set server <srv> state' expects 'ready', 'drain' and 'maint'.", reply);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SetServerStateAsync_HAProxyStopped_UnreachableAndRefused(bool unix)
    {
        var client = _haproxy.Client(unix);
        _haproxy.Stop();

        var ex = await Assert.ThrowsAsync<LoadBalancerException>(() => client.SetServerStateAsync(S1, ServerAdminState.Maint, CancellationToken.None));

        Assert.True(ex.Unreachable);
        Assert.True(ex.ConnectionRefused);
    }
}
