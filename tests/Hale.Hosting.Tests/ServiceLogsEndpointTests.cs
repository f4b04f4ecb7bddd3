using System.Net;
using System.Net.Sockets;
using System.Text;
using Hale.Auth;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests;

/// <summary><c>GET /-/services/NAME/logs</c>: never without credentials over TCP; plain text lines; follow pushes new lines.</summary>
public sealed class ServiceLogsEndpointTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-logs-").FullName;
    private readonly string _owner = "hale-logs-" + Guid.NewGuid().ToString("N");
    private readonly Supervisor _supervisor;

    public ServiceLogsEndpointTests()
    {
        var fifo = Path.Combine(_dir, "more");
        Process("mkfifo", fifo);
        _supervisor = new Supervisor(
            [new ServiceDefinition
            {
                Name = "web",
                Run = new ProcessSpec
                {
                    // Three lines at once, then a line each time the test writes to the fifo.
                    CommandLine = $"echo out-1; echo 'err-1' >&2; echo out-2; while true; do read line < {fifo}; echo \"$line\"; done",
                    Owner = _owner,
                },
                Restart = new RestartPolicy { StartWindow = TimeSpan.FromMilliseconds(100) },
            }],
            new SupervisorOptions { Owner = _owner });
        Fifo = fifo;
    }

    private string Fifo { get; }

    public async ValueTask DisposeAsync()
    {
        await _supervisor.StopAsync();
        await _supervisor.DisposeAsync();
        ProcessTable.KillLeftovers(_owner);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task GetOverTcp_WithoutAuthConfigured_403AndNoLines()
    {
        await using var running = await StartAsync(auth: null);
        await WaitForLinesAsync(3);

        var (status, body) = await running.SendAsync(HttpMethod.Get, "/-/services/web/logs");

        Assert.Equal(403, status);
        Assert.DoesNotContain("out-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOverTcp_NoOrWrongCredentials401_Right200WithTheLines()
    {
        var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
        await using var running = await StartAsync(new HtpasswdFile(htpasswd));
        await WaitForLinesAsync(3);

        var (anonymous, _) = await running.SendAsync(HttpMethod.Get, "/-/services/web/logs");
        var (wrong, _) = await running.SendAsync(HttpMethod.Get, "/-/services/web/logs", Basic("apr1user", "nope"));
        var (right, body) = await running.SendAsync(HttpMethod.Get, "/-/services/web/logs?stream=stdout", Basic("apr1user", "s3cret"));

        Assert.Equal((401, 401), (anonymous, wrong));
        Assert.Equal((200, "out-1\nout-2\n"), (right, body));
    }

    [Fact]
    public async Task GetOverControlSocket_LinesStreamTimestamps_UnknownService404_BadParameters400()
    {
        var socket = Path.Combine(_dir, "hale.sock");
        await using var running = await StartAsync(auth: null, socket);
        await WaitForLinesAsync(3);
        using var client = UnixClient(socket);

        // The two streams are read apart, so only the order within one stream is known.
        var last = await client.GetStringAsync("/-/services/web/logs?lines=1&stream=stdout");
        var all = await client.GetStringAsync("/-/services/web/logs?stream=all");
        var stderr = await client.GetStringAsync("/-/services/web/logs?stream=stderr&timestamps=1");
        using var unknown = await client.GetAsync("/-/services/nope/logs");
        using var badLines = await client.GetAsync("/-/services/web/logs?lines=-3");
        using var badStream = await client.GetAsync("/-/services/web/logs?stream=both");

        Assert.Equal("out-2\n", last);
        Assert.Equal(["err-1", "out-1", "out-2"], all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z stderr err-1\n$", stderr);
        Assert.Equal((HttpStatusCode.NotFound, "no service named 'nope'"), (unknown.StatusCode, await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, badLines.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStream.StatusCode);
    }

    [Fact]
    public async Task GetFollow_LineWrittenAfterwards_ArrivesOnTheOpenResponse()
    {
        var socket = Path.Combine(_dir, "hale.sock");
        await using var running = await StartAsync(auth: null, socket);
        await WaitForLinesAsync(3);
        using var client = UnixClient(socket);
        client.Timeout = Timeout.InfiniteTimeSpan;

        using var response = await client.GetAsync("/-/services/web/logs?lines=1&stream=stdout&follow=1", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var backlog = await reader.ReadLineAsync().WaitAsync(Patience);
        await File.WriteAllTextAsync(Fifo, "fresh-line\n");
        var fresh = await reader.ReadLineAsync().WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal<(string?, string?)>(("out-2", "fresh-line"), (backlog, fresh));
    }

    private async Task WaitForLinesAsync(int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (_supervisor.GetLog("web")?.Tail(count).Count != count)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "the service's lines did not come");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }

    private static void Process(string program, params string[] arguments) =>
        System.Diagnostics.Process.Start(program, arguments)!.WaitForExit();

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static HttpClient UnixClient(string path) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://hale/") };

    private async Task<RunningServer> StartAsync(ICredentialVerifier? auth, string? socket = null)
    {
        await _supervisor.StartAsync();
        return await RunningServer.StartAsync(_ => { }, new HealthCheckServerOptions
        {
            Listen = [new(IPAddress.Loopback, 0)],
            Services = _supervisor,
            ControlAuth = auth,
            ControlSocketPath = socket,
        });
    }
}
