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

    [Fact]
    public async Task CheckAsync_ServerClosesAfterTheProbe_LeavesNoTimeWaitSocket()
    {
        // A server that closes each connection once the client has closed its side: a client closing with a FIN would then
        // sit in TIME_WAIT for a minute; the probe's reset (linger 0) leaves nothing.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var closed = 0;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var accepted = await listener.AcceptAsync(stop.Token);
                _ = Task.Run(async () =>
                {
                    using (accepted)
                    {
                        try
                        {
                            while (await accepted.ReceiveAsync(new byte[16], SocketFlags.None, stop.Token) > 0)
                            {
                            }
                        }
                        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                        {
                        }
                    }

                    Interlocked.Increment(ref closed);
                });
            }
        });
        var check = new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(10));

        const int Probes = 20;
        for (var i = 0; i < Probes; i++)
        {
            Assert.Equal(CheckStatus.Ok, (await check.CheckAsync()).Status);
        }

        var started = TimeProvider.System.GetTimestamp();
        while (Volatile.Read(ref closed) < Probes)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "the server did not see every probe end");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        await stop.CancelAsync();
        await server.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Empty(TcpTable.TimeWaitTo(port));
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
