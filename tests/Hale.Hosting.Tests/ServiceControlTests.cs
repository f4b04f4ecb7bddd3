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
public sealed class ServiceControlTests : IAsyncLifetime
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
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
    public async Task PostSignalOverTcp_NoAuth403_WrongCredentials401_Right200AndTheProgramGetsIt()
    {
        var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
        await using var running = await StartAsync(new HtpasswdFile(htpasswd));
        var ready = await WaitAsync(s => s.State == ServiceState.Ready);

        var (anonymous, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/signal/STOP");
        var (wrong, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/signal/STOP", Basic("apr1user", "nope"));
        var stateBefore = ProcessState(ready.Pid!.Value);
        var (right, body) = await running.SendAsync(HttpMethod.Post, "/-/services/web/signal/SIGSTOP", Basic("apr1user", "s3cret"));
        var stopped = await EventuallyAsync(() => ProcessState(ready.Pid.Value) == 'T');
        var (resumed, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/signal/18", Basic("apr1user", "s3cret"));

        Assert.Equal((401, 401), (anonymous, wrong));
        Assert.NotEqual('T', stateBefore);
        Assert.Equal((200, $"SIGSTOP sent to pid {ready.Pid}"), (right, body));
        Assert.True(stopped, "the program was not stopped by SIGSTOP");
        Assert.Equal(200, resumed);
        Assert.True(await EventuallyAsync(() => ProcessState(ready.Pid.Value) != 'T'), "the program was not continued by SIGCONT");
    }

    [Fact]
    public async Task PostSignalOverTcp_WithoutAuthConfigured_403NothingSent()
    {
        await using var running = await StartAsync(auth: null);
        var ready = await WaitAsync(s => s.State == ServiceState.Ready);

        var (status, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/signal/KILL");

        Assert.Equal(403, status);
        Assert.Equal(ready.Pid, _supervisor.GetStatus("web")!.Pid);
        Assert.True(ProcessTable.IsAlive(ready.Pid!.Value));
    }

    [Fact]
    public async Task PostSignalOverControlSocket_Sent200_UnknownService404_BadSignal400_NotRunning409()
    {
        var socket = Path.Combine(_dir, "hale.sock");
        await using var running = await StartAsync(auth: null, socket);
        var ready = await WaitAsync(s => s.State == ServiceState.Ready);
        using var client = UnixClient(socket);

        using var sent = await client.PostAsync("/-/services/web/signal/CONT", null);
        using var unknown = await client.PostAsync("/-/services/nope/signal/HUP", null);
        using var bad = await client.PostAsync("/-/services/web/signal/BOGUS", null);
        await _supervisor.StopAsync();
        using var notRunning = await client.PostAsync("/-/services/web/signal/HUP", null);

        Assert.Equal((HttpStatusCode.OK, $"SIGCONT sent to pid {ready.Pid}"), (sent.StatusCode, await sent.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown signal 'BOGUS'", await bad.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Conflict, "not running (stopped); nothing sent"), (notRunning.StatusCode, await notRunning.Content.ReadAsStringAsync()));
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

    /// <summary>The state letter of /proc/PID/stat (R, S, T…), or '?' when it cannot be read.</summary>
    private static char ProcessState(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
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
