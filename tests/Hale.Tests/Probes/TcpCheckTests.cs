using System.Net;
using System.Net.Sockets;
using Hale.Checks;
using Hale.Probes;

namespace Hale.Tests.Probes;

public class TcpCheckTests
{
    [Fact]
    public async Task CheckAsync_ListenerOpenThenClosedThenReopened_FollowsIt()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var check = new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(10));

        var open = await check.CheckAsync();
        listener.Stop();
        var closed = await check.CheckAsync();
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var reopened = await check.CheckAsync();
        listener.Stop();

        Assert.Equal(CheckStatus.Ok, open.Status);
        Assert.Equal(CheckStatus.Fail, closed.Status);
        Assert.Contains("refused", closed.Detail);
        Assert.Equal(CheckStatus.Ok, reopened.Status);
    }

    [Fact]
    public async Task CheckAsync_ZeroTimeout_FailsAsTimedOut()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var result = await new TcpCheck("127.0.0.1", port, TimeSpan.Zero).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("timed out", result.Detail);
    }

    [Fact]
    public async Task CheckAsync_HostName_ResolvedFromHostsFile()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await new TcpCheck("localhost", port, TimeSpan.FromSeconds(5)).CheckAsync();
        listener.Stop();

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    [Fact]
    public async Task CheckAsync_Ipv6Loopback_Connects()
    {
        var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await new TcpCheck("[::1]", port, TimeSpan.FromSeconds(5)).CheckAsync();
        listener.Stop();

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(0)]
    [InlineData(65536)]
    public void Constructor_PortOutOfRange_Throws(int port)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Constructor_NegativeTimeout_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpCheck("127.0.0.1", 80, TimeSpan.FromSeconds(-1)));
    }
}
