using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hale.Auth;
using Hale.Checks;
using Hale.Probes;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests;

/// <summary>
/// Secrets in /-/status and the log: command output and URL credentials are not shown without credentials, URLs lose their
/// user information and query everywhere, and values from clients are escaped in the log.
/// </summary>
public sealed class StatusSecretsTests : IAsyncLifetime
{
    private const string SecretUrl = "http://scott:tiger@127.0.0.1:1/health?apikey=K3Y";

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-secrets-").FullName;
    private readonly string _owner = "hale-secrets-" + Guid.NewGuid().ToString("N");
    private readonly Supervisor _supervisor;
    private readonly RecordingLoggerFactory _logs = new();

    public StatusSecretsTests()
    {
        _supervisor = new Supervisor(
            [new ServiceDefinition { Name = "web", Run = new ProcessSpec { CommandLine = "echo db_password=hunter2; exec sleep 300", Owner = _owner }, Restart = new RestartPolicy { StartWindow = TimeSpan.FromMilliseconds(100) } }],
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
    public async Task Status_WithoutCredentials_NoCommandOutputNoDetailsNoUrlSecrets()
    {
        await using var running = await StartAsync();
        await EvaluateAsync(running);

        var (status, body) = await running.SendAsync(HttpMethod.Get, "/-/status");

        Assert.Equal(200, status);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("tiger", body, StringComparison.Ordinal);
        Assert.DoesNotContain("K3Y", body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-output", body, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(body);
        Assert.True(doc.RootElement.GetProperty("redacted").GetBoolean());
        var command = Check(doc, "cmd");
        Assert.Equal("fail", command.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, command.GetProperty("detail").ValueKind);
        Assert.Empty(doc.RootElement.GetProperty("services")[0].GetProperty("output").EnumerateArray());
    }

    [Fact]
    public async Task Status_WithCredentials_FullDetailButUrlsRedacted()
    {
        var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
        await using var running = await StartAsync(new HtpasswdFile(htpasswd));
        await EvaluateAsync(running);

        var (wrong, _) = await running.SendAsync(HttpMethod.Get, "/-/status", Basic("apr1user", "nope"));
        var (status, body) = await running.SendAsync(HttpMethod.Get, "/-/status", Basic("apr1user", "s3cret"));

        Assert.Equal(401, wrong);
        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        Assert.False(doc.RootElement.GetProperty("redacted").GetBoolean());
        Assert.Contains("s3cr3t-output", Check(doc, "cmd").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var url = Check(doc, "url").GetProperty("detail").GetString()!;
        Assert.Contains("http://***@127.0.0.1:1/health?***", url, StringComparison.Ordinal);
        Assert.DoesNotContain("tiger", body, StringComparison.Ordinal);
        Assert.DoesNotContain("K3Y", body, StringComparison.Ordinal);
        Assert.True(await EventuallyAsync(async () => (await running.SendAsync(HttpMethod.Get, "/-/status", Basic("apr1user", "s3cret"))).Body.Contains("hunter2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Status_OverTheControlSocket_FullDetail()
    {
        var socket = Path.Combine(_dir, "state", "hale.sock");
        await using var running = await StartAsync(socket: socket);
        await EvaluateAsync(running);
        using var client = UnixClient(socket);

        var body = await client.GetStringAsync("/-/status");

        using var doc = JsonDocument.Parse(body);
        Assert.False(doc.RootElement.GetProperty("redacted").GetBoolean());
        Assert.Contains("s3cr3t-output", Check(doc, "cmd").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_CheckWithUrlSecrets_Redacted()
    {
        await using var running = await StartAsync();
        await EvaluateAsync(running);

        Assert.True(await EventuallyAsync(() => Task.FromResult(_logs.Entries.Any(e => e.EventId == 1001 && e.Message.Contains("Check url", StringComparison.Ordinal)))));
        var transition = _logs.Entries.First(e => e.EventId == 1001 && e.Message.Contains("Check url", StringComparison.Ordinal)).Message;
        Assert.Contains("http://***@127.0.0.1:1/health?***", transition, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("tiger", StringComparison.Ordinal) || e.Message.Contains("K3Y", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_BasicUserNameWithControlCharacters_Escaped()
    {
        var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
        await using var running = await StartAsync(new HtpasswdFile(htpasswd));

        var (status, _) = await running.SendAsync(HttpMethod.Post, "/-/services/web/restart", Basic("eve\nwarn Hale[1002] POST /gate armed by admin\u001b[2K", "x"));

        Assert.Equal(401, status);
        var line = _logs.Entries.Single(e => e.EventId == 1003).Message;
        Assert.DoesNotContain(line, char.IsControl);
        Assert.True(line.Contains("'eve\\nwarn Hale[1002] POST /gate armed by admin\\x1b[2K'", StringComparison.Ordinal), line);
    }

    private static JsonElement Check(JsonDocument doc, string name) =>
        doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

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

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        return await condition();
    }

    private static async Task EvaluateAsync(RunningServer running)
    {
        Assert.Equal(503, (await running.SendAsync(HttpMethod.Get, "/cmd")).Status);
        Assert.Equal(503, (await running.SendAsync(HttpMethod.Get, "/url")).Status);
    }

    private async Task<RunningServer> StartAsync(ICredentialVerifier? auth = null, string? socket = null)
    {
        await _supervisor.StartAsync();
        return await RunningServer.StartAsync(
            server =>
            {
                server.AddComponent("cmd", new CommandCheck("echo s3cr3t-output token=abc; exit 1", TimeSpan.FromSeconds(20)));
                server.AddComponent("url", new HttpCheck(new HttpCheckOptions { Url = new Uri(SecretUrl), Timeout = TimeSpan.FromSeconds(5) }));
            },
            new HealthCheckServerOptions
            {
                Listen = [new(IPAddress.Loopback, 0)],
                Services = _supervisor,
                ControlAuth = auth,
                ControlSocketPath = socket,
                LoggerFactory = _logs,
            });
    }
}
