using System.Net;
using System.Text;
using System.Text.Json;
using Hale.Auth;
using Hale.Checks;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests.Explain;

/// <summary>
/// <c>GET /-/explain/NAME</c> over real HTTP: the JSON shape, a name both a service and a check have (both explained, or one
/// with <c>KIND/NAME</c>), 404 for an unknown name, and no secrets without credentials.
/// </summary>
public sealed class ExplainEndpointTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-explain-").FullName;
    private readonly string _owner = "hale-explain-" + Guid.NewGuid().ToString("N");
    private readonly Supervisor _supervisor;

    public ExplainEndpointTests()
    {
        _supervisor = new Supervisor(
            [new ServiceDefinition { Name = "web", Run = new ProcessSpec { CommandLine = "exec sleep 300", Owner = _owner }, Autostart = false }],
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
    public async Task Get_ServiceAndCheckShareTheName_BothExplained()
    {
        await using var running = await StartAsync(auth: null);
        await running.SendAsync(HttpMethod.Get, "/web");

        var (status, body) = await running.SendAsync(HttpMethod.Get, "/-/explain/web");

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        var all = doc.RootElement.GetProperty("explanations").EnumerateArray().ToList();
        Assert.Equal(["service", "check"], all.Select(e => e.GetProperty("kind").GetString()));
        var service = all[0];
        Assert.Equal("stopped", service.GetProperty("state").GetString());
        Assert.StartsWith("stopped on purpose: not wanted", service.GetProperty("rule").GetString(), StringComparison.Ordinal);
        Assert.Contains("`hale ctl start web`", service.GetProperty("would_change").EnumerateArray().Select(c => c.GetString()));
        Assert.True(service.GetProperty("inputs").EnumerateArray().All(i => i.TryGetProperty("age_ms", out _) && i.TryGetProperty("value", out _)));
        Assert.StartsWith("service web: stopped for ", service.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("check web: fail", doc.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/-/explain/service/web", "service")]
    [InlineData("/-/explain/check/web", "check")]
    [InlineData("/-/explain/check%2Fweb", "check")]
    public async Task Get_KindPrefix_OnlyThatKind(string path, string kind)
    {
        await using var running = await StartAsync(auth: null);

        var (status, body) = await running.SendAsync(HttpMethod.Get, path);

        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal([kind], doc.RootElement.GetProperty("explanations").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Get_UnknownName_404WithMessage()
    {
        await using var running = await StartAsync(auth: null);

        var (status, body) = await running.SendAsync(HttpMethod.Get, "/-/explain/nope");
        var (post, _) = await running.SendAsync(HttpMethod.Post, "/-/explain/web");

        Assert.Equal((404, "no service, check, action, server or group named 'nope'"), (status, body));
        Assert.Equal(405, post);
    }

    [Fact]
    public async Task Get_WithoutCredentials_RedactedNoSecret_WithCredentialsFull()
    {
        var htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
        await using var running = await StartAsync(new HtpasswdFile(htpasswd));
        await running.SendAsync(HttpMethod.Get, "/web");

        var (anonymous, redacted) = await running.SendAsync(HttpMethod.Get, "/-/explain/check/web");
        var (wrong, _) = await running.SendAsync(HttpMethod.Get, "/-/explain/check/web", Basic("apr1user", "nope"));
        var (authorized, full) = await running.SendAsync(HttpMethod.Get, "/-/explain/check/web", Basic("apr1user", "s3cret"));

        Assert.Equal((200, 401, 200), (anonymous, wrong, authorized));
        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.Contains("\"redacted\": true", redacted, StringComparison.Ordinal);
        Assert.Contains("password=hunter2", full, StringComparison.Ordinal);
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private Task<RunningServer> StartAsync(ICredentialVerifier? auth) =>
        RunningServer.StartAsync(
            server => server.AddComponent("web", new SecretCheck()),
            new HealthCheckServerOptions { Listen = [new(IPAddress.Loopback, 0)], Services = _supervisor, ControlAuth = auth });

    private sealed class SecretCheck : ICheck
    {
        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(CheckResult.Fail("password=hunter2"));
    }
}
