using System.Net;
using System.Net.Sockets;
using System.Text;
using Hale.Config;
using Hale.Testing;

namespace Hale.Hosting.Tests.Http;

public class ConnectionCapTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Connect_MoreThanMaxConnections_ExtraClosedUnservedThenServedOnceIdleOnesClose()
    {
        await using var running = await StartAsync(new HttpLimits { MaxConnections = 3 });
        var port = running.Server.BoundEndPoints[0].Port;
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                sockets.Add(socket);
            }

            var answers = await Task.WhenAll(sockets.Select(s => RequestAsync(s, keepAlive: true)));

            Assert.Equal(3, answers.Count(a => a == "HTTP/1.1 200 OK"));
            Assert.Equal(3, answers.Count(a => a is null));
            var fresh = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await fresh.ConnectAsync(IPAddress.Loopback, port);
            Assert.Null(await RequestAsync(fresh, keepAlive: false));
            fresh.Dispose();
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        Assert.Equal("HTTP/1.1 200 OK", await EventuallyServedAsync(port));
    }

    [Fact]
    public async Task Connect_AtCap_ControlSocketStillServed()
    {
        var folder = Directory.CreateTempSubdirectory("hale-cap-");
        var path = Path.Combine(folder.FullName, "hale.sock");
        try
        {
            await using var running = await StartAsync(new HttpLimits { MaxConnections = 1 }, path);
            using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await idle.ConnectAsync(IPAddress.Loopback, running.Server.BoundEndPoints[0].Port);
            Assert.Equal("HTTP/1.1 200 OK", await RequestAsync(idle, keepAlive: true));

            using var control = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await control.ConnectAsync(new UnixDomainSocketEndPoint(path));

            Assert.Equal("HTTP/1.1 200 OK", await RequestAsync(control, keepAlive: false));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Get_HeadersOverMaxRequestHeaderBytes_431()
    {
        await using var running = await StartAsync(new HttpLimits { MaxRequestHeaderBytes = 1024 });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/up");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 2048));

        using var response = await running.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal((200, "OK"), await running.SendAsync(HttpMethod.Get, "/up"));
    }

    [Fact]
    public async Task Connect_IdleLongerThanKeepAliveTimeout_ClosedByServer()
    {
        await using var running = await StartAsync(new HttpLimits { MaxConnections = 1, KeepAliveTimeout = TimeSpan.FromSeconds(1) });
        using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync(IPAddress.Loopback, running.Server.BoundEndPoints[0].Port);

        using var timeout = new CancellationTokenSource(Deadline);
        var read = await ReadOrClosedAsync(idle, timeout.Token);

        Assert.Equal(0, read);
        Assert.Equal("HTTP/1.1 200 OK", await EventuallyServedAsync(running.Server.BoundEndPoints[0].Port));
    }

    private static Task<RunningServer> StartAsync(HttpLimits limits, string? controlSocket = null) =>
        RunningServer.StartAsync(s => s.AddComponent("up", new ScriptedCheck()), new HealthCheckServerOptions
        {
            Listen = [new(IPAddress.Loopback, 0)],
            Limits = limits,
            ControlSocketPath = controlSocket,
        });

    /// <summary>Sends GET /up and reads the status line; null when the server closed the connection without answering.</summary>
    private static async Task<string?> RequestAsync(Socket socket, bool keepAlive)
    {
        var request = $"GET /up HTTP/1.1\r\nHost: hale\r\nConnection: {(keepAlive ? "keep-alive" : "close")}\r\n\r\n";
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
            var received = new StringBuilder();
            var buffer = new byte[1024];
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0)
                {
                    return null;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            return received.ToString()[..received.ToString().IndexOf("\r\n", StringComparison.Ordinal)];
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Reads until the server closes the connection: 0 then (a reset counts as closed).</summary>
    private static async Task<int> ReadOrClosedAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16], SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    private static async Task<string?> EventuallyServedAsync(int port)
    {
        var start = TimeProvider.System.GetTimestamp();
        string? answer = null;
        while (answer is null && TimeProvider.System.GetElapsedTime(start) < Deadline)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            answer = await RequestAsync(socket, keepAlive: false);
            if (answer is null)
            {
                await Task.Delay(50);
            }
        }

        return answer;
    }
}
