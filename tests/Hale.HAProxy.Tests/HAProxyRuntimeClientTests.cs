using System.Net;
using System.Net.Sockets;
using System.Text;
using Hale.LoadBalancers;
using Hale.Testing;

namespace Hale.HAProxy.Tests;

public sealed class HAProxyRuntimeClientTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public HAProxyRuntimeClientTests()
    {
        _listener.Start();
    }

    private HAProxyEndpoint Endpoint => HAProxyEndpoint.Parse($"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    [Fact]
    public async Task SetServerStateAsync_EmptyLineReply_SucceedsAndSendsTheCommand()
    {
        var server = AnswerOnceAsync("\n");
        var client = new HAProxyRuntimeClient(Endpoint);

        await client.SetServerStateAsync(new ServerAddress("be_app", "s/1"), ServerAdminState.Drain, CancellationToken.None);

        Assert.Equal("set server be_app/s/1 state drain\n", await server);
    }

    [Fact]
    public async Task SetServerStateAsync_ErrorReply_ThrowsWithTheText()
    {
        _ = AnswerOnceAsync("No such server.\n\n");
        var client = new HAProxyRuntimeClient(Endpoint);

        var ex = await Assert.ThrowsAsync<LoadBalancerException>(() => client.SetServerStateAsync(new ServerAddress("be_app", "nope"), ServerAdminState.Maint, CancellationToken.None));

        Assert.Equal("No such server.", ex.Message);
        Assert.False(ex.Unreachable);
    }

    [Fact]
    public async Task SendAsync_ReplyWithoutEmptyLine_ReadsToEof()
    {
        _ = AnswerOnceAsync("50 (initial 1)\n");
        var client = new HAProxyRuntimeClient(Endpoint);

        Assert.Equal("50 (initial 1)", await client.SendAsync("get weight be_app/s1", CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_StopsAtFirstEmptyLineEvenIfTheConnectionStaysOpen()
    {
        _ = AnswerOnceAsync("1\n# be_id be_name\n\n", keepOpen: true);
        var client = new HAProxyRuntimeClient(Endpoint);

        Assert.Equal("1\n# be_id be_name", await client.SendAsync("show servers state", CancellationToken.None));
    }

    [Fact]
    public async Task CurrentSessionsAsync_ShowStat_ScurOfTheServer()
    {
        _ = AnswerOnceAsync("# pxname,svname,qcur,qmax,scur,\nbe_app,BACKEND,0,0,9,\nbe_app,s1,0,0,4,\n\n");
        var client = new HAProxyRuntimeClient(Endpoint);

        Assert.Equal(4, await client.CurrentSessionsAsync(new ServerAddress("be_app", "s1"), CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_NothingListens_UnreachableAndRefused()
    {
        var endpoint = Endpoint;
        _listener.Stop();
        var client = new HAProxyRuntimeClient(endpoint);

        var ex = await Assert.ThrowsAsync<LoadBalancerException>(() => client.SendAsync("show info", CancellationToken.None));

        Assert.True(ex.Unreachable);
        Assert.True(ex.ConnectionRefused);
    }

    [Fact]
    public async Task SendAsync_MissingUnixSocket_UnreachableAndRefused()
    {
        var client = new HAProxyRuntimeClient(HAProxyEndpoint.Parse($"unix://{Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))}.sock"));

        var ex = await Assert.ThrowsAsync<LoadBalancerException>(() => client.SendAsync("show info", CancellationToken.None));

        Assert.True(ex.Unreachable);
        Assert.True(ex.ConnectionRefused);
    }

    [Fact]
    public async Task SendAsync_NoAnswerWithinTimeout_UnreachableNotRefused()
    {
        _ = AnswerOnceAsync(null, keepOpen: true);
        var clock = new ManualTimeProvider();
        var client = new HAProxyRuntimeClient(Endpoint, TimeSpan.FromSeconds(5), clock);

        var call = client.SendAsync("show info", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<LoadBalancerException>(() => call);

        Assert.True(ex.Unreachable);
        Assert.False(ex.ConnectionRefused);
        Assert.Contains("did not answer 'show info' within 5 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_OperationCanceled()
    {
        _ = AnswerOnceAsync(null, keepOpen: true);
        using var cts = new CancellationTokenSource();
        var client = new HAProxyRuntimeClient(Endpoint);

        var call = client.SendAsync("show info", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task SendAsync_CommandWithLineBreak_Throws()
    {
        var client = new HAProxyRuntimeClient(Endpoint);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("show info\nshow stat", CancellationToken.None));
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Accepts one connection, reads one command line, answers <paramref name="reply"/> (or nothing), closes unless told.</summary>
    private async Task<string> AnswerOnceAsync(string? reply, bool keepOpen = false)
    {
        var socket = await _listener.AcceptSocketAsync();
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains('\n', StringComparison.Ordinal))
        {
            var count = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (count == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        if (reply is not null)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(reply), SocketFlags.None);
        }

        if (!keepOpen)
        {
            socket.Dispose();
        }

        return received.ToString();
    }
}
