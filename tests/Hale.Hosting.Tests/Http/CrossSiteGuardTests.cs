using System.Net;
using System.Text;
using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests.Http;

/// <summary>Cross-site request protection of every state-changing request, and 400 for a malformed one, over real HTTP.</summary>
public sealed class CrossSiteGuardTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-csrf-").FullName;
    private readonly string _owner = "hale-csrf-" + Guid.NewGuid().ToString("N");
    private readonly Supervisor _supervisor;
    private readonly string _htpasswd;

    public CrossSiteGuardTests()
    {
        _htpasswd = HtpasswdTool.WriteAllFormats(Path.Combine(_dir, "users"));
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

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task FailbackPost_CrossSite_403AndNotFired(string header, string value)
    {
        var oneshot = new Oneshot();
        await using var running = await StartAsync(oneshot);

        var (status, body) = await SendAsync(running, HttpMethod.Post, "/failback", (header, value));

        Assert.Equal((403, "cross-site request refused"), (status, body));
        Assert.False(oneshot.IsArmed);
    }

    [Fact]
    public async Task FailbackPost_SameOriginFromABrowser_200Armed()
    {
        var oneshot = new Oneshot();
        await using var running = await StartAsync(oneshot);
        var origin = $"http://127.0.0.1:{running.Server.BoundEndPoints[0].Port}";

        var (status, body) = await SendAsync(running, HttpMethod.Post, "/failback", ("Origin", origin), ("Sec-Fetch-Site", "same-origin"));

        Assert.Equal((200, "Armed"), (status, body));
        Assert.True(oneshot.IsArmed);
    }

    [Fact]
    public async Task FailbackPost_NoOriginNoFetchMetadata_LikeCurl_200Armed()
    {
        var oneshot = new Oneshot();
        await using var running = await StartAsync(oneshot);

        var (status, body) = await SendAsync(running, HttpMethod.Post, "/failback");

        Assert.Equal((200, "Armed"), (status, body));
        Assert.True(oneshot.IsArmed);
    }

    [Fact]
    public async Task ServicePost_CrossSiteWithValidCredentials_403AndNotStopped()
    {
        await using var running = await StartAsync(new Oneshot());
        var ready = await WaitAsync(s => s.State == ServiceState.Ready);

        var (status, _) = await SendAsync(running, HttpMethod.Post, "/-/services/web/stop", ("Authorization", Basic("apr1user", "s3cret")), ("Origin", "https://evil.example"));

        Assert.Equal(403, status);
        Assert.True(_supervisor.GetStatus("web")!.Wanted);
        Assert.Equal(ready.Pid, _supervisor.GetStatus("web")!.Pid);
    }

    [Fact]
    public async Task ServicePost_SameOriginWithCredentials_202AndRestarts()
    {
        await using var running = await StartAsync(new Oneshot());
        var ready = await WaitAsync(s => s.State == ServiceState.Ready);
        var origin = $"http://127.0.0.1:{running.Server.BoundEndPoints[0].Port}";

        var (status, body) = await SendAsync(running, HttpMethod.Post, "/-/services/web/restart", ("Authorization", Basic("apr1user", "s3cret")), ("Origin", origin), ("Sec-Fetch-Site", "same-origin"));
        var restarted = await WaitAsync(s => s.State == ServiceState.Ready && s.Pid != ready.Pid);

        Assert.Equal((202, "OK"), (status, body));
        Assert.NotEqual(ready.Pid, restarted.Pid);
    }

    [Theory]
    [InlineData("/-/services/web/explode")]
    [InlineData("/-/services/web")]
    [InlineData("/-/services/")]
    [InlineData("/-/services/web/signal/BOGUS")]
    [InlineData("/-/services/web/signal/")]
    public async Task ServicePost_Malformed_400(string path)
    {
        await using var running = await StartAsync(new Oneshot());

        var (status, _) = await SendAsync(running, HttpMethod.Post, path, ("Authorization", Basic("apr1user", "s3cret")));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Dashboard_Get_ServesThePageAndItsAssets_PostIs405()
    {
        await using var running = await StartAsync(new Oneshot());

        using var page = await running.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var script = await running.Client.GetAsync(new Uri("/-/dashboard.js", UriKind.Relative));
        using var style = await running.Client.GetAsync(new Uri("/-/dashboard.css", UriKind.Relative));
        var (post, _) = await SendAsync(running, HttpMethod.Post, "/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/-/dashboard.js", await page.Content.ReadAsStringAsync());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync());
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Equal(405, post);
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static async Task<(int Status, string Body)> SendAsync(RunningServer running, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await running.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<RunningServer> StartAsync(Oneshot oneshot)
    {
        await _supervisor.StartAsync();
        return await RunningServer.StartAsync(
            s => s.AddComponent("failback", new ScriptedCheck(CheckStatus.Ok), oneshot),
            new HealthCheckServerOptions
            {
                Listen = [new(IPAddress.Loopback, 0)],
                Services = _supervisor,
                ControlAuth = new HtpasswdFile(_htpasswd),
            });
    }

    private async Task<ServiceStatus> WaitAsync(Func<ServiceStatus, bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            if (_supervisor.GetStatus("web") is { } s && condition(s))
            {
                return s;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        throw new TimeoutException($"web: {_supervisor.GetStatus("web")}");
    }
}
