using System.Net;
using System.Net.Sockets;
using Hale.Checks;
using Hale.Probes;
using Hale.Tests.Actions;

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
    public async Task CheckAsync_ZeroTimeout_FailsAsTimedOutUnlessConnectedAtOnce()
    {
        using var unanswered = new UnansweredListener();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var waiting = await new TcpCheck("127.0.0.1", unanswered.Port, TimeSpan.Zero).CheckAsync();
        var atOnce = await new TcpCheck("127.0.0.1", port, TimeSpan.Zero).CheckAsync();

        Assert.Equal(CheckStatus.Fail, waiting.Status);
        Assert.Contains("timed out after 0 ms", waiting.Detail);
        Assert.Equal(CheckStatus.Ok, atOnce.Status);
    }

    [Fact]
    public async Task CheckAsync_ConnectNeverAnswered_TimesOutAndLeavesNoSocket()
    {
        using var unanswered = new UnansweredListener();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            new TcpCheck("127.0.0.1", unanswered.Port, TimeSpan.FromMilliseconds(300)).CheckAsync().AsTask()));

        Assert.All(results, r => Assert.Equal(CheckStatus.Fail, r.Status));
        Assert.All(results, r => Assert.Equal($"127.0.0.1:{unanswered.Port}: timed out after 300 ms", r.Detail));
        Assert.Empty(TcpTable.ConnectingTo(unanswered.Port));
    }

    [Fact]
    public async Task CheckAsync_ConnectAnsweredLate_ConnectsWithinTheTimeout()
    {
        // The listener drops the probe's SYN while its queue is full; once the queue drains, the client's retransmitted SYN
        // (a second later) is answered: the probe waits for it on the epoll set.
        using var unanswered = new UnansweredListener();
        var probe = new TcpCheck("127.0.0.1", unanswered.Port, TimeSpan.FromSeconds(30)).CheckAsync().AsTask();
        await Eventually.TrueAsync(() => TcpTable.ConnectingTo(unanswered.Port).Count == 1, "the probe's connect is not in progress");

        unanswered.Drain();
        var result = await probe;

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal($"connected to 127.0.0.1:{unanswered.Port}", result.Detail);
    }

    [Fact]
    public async Task CheckAsync_CallerCancelsWhileConnecting_ThrowsAndLeavesNoSocket()
    {
        using var unanswered = new UnansweredListener();
        using var cancel = new CancellationTokenSource();
        var probe = new TcpCheck("127.0.0.1", unanswered.Port, TimeSpan.FromSeconds(30)).CheckAsync(cancel.Token).AsTask();
        await Eventually.TrueAsync(() => TcpTable.ConnectingTo(unanswered.Port).Count == 1, "the probe's connect is not in progress");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe);
        Assert.Empty(TcpTable.ConnectingTo(unanswered.Port));
    }

    [Fact]
    public async Task CheckAsync_Source_ConnectsFromIt()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var from = IPAddress.Parse("127.0.0.2");

        var result = await new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(10), new IPEndPoint(from, 0)).CheckAsync();
        using var accepted = await listener.AcceptAsync();
        var wrongFamily = await new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(10), new IPEndPoint(IPAddress.IPv6Loopback, 0)).CheckAsync();

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(from, ((IPEndPoint)accepted.RemoteEndPoint!).Address);
        Assert.Equal(CheckStatus.Fail, wrongFamily.Status);
        Assert.StartsWith($"127.0.0.1:{port}: ", wrongFamily.Detail);
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

    /// <summary>A loopback listener whose accept queue is full: a new connect's SYN is dropped, and the connect stays in progress
    /// until the queue drains and the client retransmits.</summary>
    private sealed class UnansweredListener : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _fillers = [];

        public UnansweredListener()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(0);
            Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;

            // Backlog 0 holds one connection: fill it (the kernel then drops SYNs) and check that the next connect hangs.
            while (true)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                _fillers.Add(filler);
                try
                {
                    filler.Connect(IPAddress.Loopback, Port);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                {
                }

                if (!filler.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectWrite))
                {
                    // This one hangs: the queue is full. Drop it so that only probes are in progress.
                    filler.Dispose();
                    _fillers.Remove(filler);
                    return;
                }

                Assert.True(_fillers.Count < 16, "the listener's queue never filled");
            }
        }

        public int Port { get; }

        /// <summary>Accepts the queued connections, making room for the next SYN.</summary>
        public void Drain()
        {
            _listener.Blocking = false;
            while (true)
            {
                try
                {
                    _fillers.Add(_listener.Accept());
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            foreach (var filler in _fillers)
            {
                filler.Dispose();
            }

            _listener.Dispose();
        }
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
