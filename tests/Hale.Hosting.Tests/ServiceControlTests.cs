using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hale.Auth;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests;

/// <summary>Service control and status over HTTP: htpasswd over TCP, no credentials over the control socket.</summary>
public sealed class ServiceControlTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-control-").FullName;
    private readonly string _owner = "hale-control-" + Guid.NewGuid().ToString("N");
    private readonly Supervisor _supervisor;

    public ServiceControlTests()
    {
        _supervisor = new Supervisor(
            [new ServiceDefinition { Name = "web", Run = new ProcessSpec { CommandLine = "exec sleep 300", Owner = _owner }, Restart = new RestartPolicy { StartWindow = TimeSpan.FromMilliseconds(100) } }],
            new SupervisorOptions { Owner = _owner });
    }

    public async ValueTask DisposeAsync()
    {
        await _supervisor.StopAsync();
        await _supervisor.DisposeAsync();
        ProcessTable.KillLeftovers(_owner);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task PostOverTcp_WithoutAuthConfigured_403()
    {
        await using var running = await StartAsync(auth: null);

        var (status, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/stop");

        Assert.Equal(403, status);
        Assert.NotEqual(ServiceState.Stopping, _supervisor.GetStatus("web")!.State);
    }

    [Fact]
    public async Task PostOverTcp_WrongThenRightCredentials_401Then202AndStops()
    {
        var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
        await using var running = await StartAsync(new HtpasswdFile(htpasswd));
        await WaitAsync(s => s.State == ServiceState.Ready);

        var (wrong, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/stop", Basic("apr1user", "nope"));
        var (right, body) = await running.SendAsync(HttpMethod.Post, "/-/services/web/stop", Basic("apr1user", "s3cret"));
        var stopped = await WaitAsync(s => s.State == ServiceState.Stopped);

        Assert.Equal(401, wrong);
        Assert.Equal((202, "OK"), (right, body));
        Assert.False(stopped.Wanted);
    }

    [Fact]
    public async Task PostOverControlSocket_NoCredentials_Accepted_UnknownService404_BadVerb400()
    {
        var socket = Path.Combine(_dir, "hale.sock");
        await using var running = await StartAsync(auth: null, socket);
        await WaitAsync(s => s.State == ServiceState.Ready);
        using var client = UnixClient(socket);

        using var restart = await client.PostAsync("/-/services/web/restart", null);
        using var unknown = await client.PostAsync("/-/services/nope/stop", null);
        using var bad = await client.PostAsync("/-/services/web/explode", null);
        var mode = File.GetUnixFileMode(socket);

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Status_IncludesServicesWithStateAndPid()
    {
        await using var running = await StartAsync(auth: null);
        var ready = await WaitAsync(s => s.State == ServiceState.Ready);

        var (_, body) = await running.SendAsync(HttpMethod.Get, "/-/status");
        using var doc = JsonDocument.Parse(body);
        var web = doc.RootElement.GetProperty("services").EnumerateArray().Single();

        Assert.Equal("web", web.GetProperty("name").GetString());
        Assert.Equal("ready", web.GetProperty("state").GetString());
        Assert.Equal(ready.Pid, web.GetProperty("pid").GetInt32());
        Assert.Equal(0, web.GetProperty("restarts").GetInt32());
    }

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

    private async Task<ServiceStatus> WaitAsync(Func<ServiceStatus, bool> condition)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (_supervisor.GetStatus("web") is { } s && condition(s))
            {
                return s;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"web: {_supervisor.GetStatus("web")}");
    }
}
