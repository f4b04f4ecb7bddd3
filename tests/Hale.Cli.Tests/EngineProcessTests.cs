using System.Net;
using System.Net.Sockets;
using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Cli.Tests;

/// <summary>
/// The engine's promises through the real <c>hale</c> process: a reload keeps what did not change (an unchanged check never
/// blips, an unchanged service follows a changed check), SIGTERM takes promotions and check-bound servers down, and
/// <c>--once</c> counts a live daemon as healthy.
/// </summary>
public sealed class EngineProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-engine-").FullName;
    private readonly int _port = Loopback.FreePort();
    private readonly TcpListener _open = new(IPAddress.Loopback, 0);

    public EngineProcessTests() => _open.Start();

    private int OpenPort => ((IPEndPoint)_open.LocalEndpoint).Port;

    public void Dispose()
    {
        _open.Stop();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Reload_NothingChanged_BackgroundEndpointKeepsAnswering200()
    {
        var config = Write($$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            checks:
              web: { background: { every: 1h, initial: fail, check: { tcp: { host: 127.0.0.1, port: {{OpenPort}} } } } }
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await WaitUntilAsync(async () => await GetAsync("web") == 200);

        var answers = new List<int>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Add(await GetAsync("web"));
                await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            }
        });
        for (var i = 1; i <= 5; i++)
        {
            hale.Signal(1);
            await WaitUntilAsync(() => Task.FromResult(Count(hale.Stderr, "Reloaded") >= i));
        }

        await stop.CancelAsync();
        await poller;
        Assert.NotEmpty(answers);
        Assert.All(answers, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task Reload_CheckChanged_UnchangedServiceFollowsTheNewCheck()
    {
        const string template = """
            http: { listen: "127.0.0.1:LISTEN" }
            checks:
              dep: { tcp: { host: 127.0.0.1, port: TARGET, timeout: 1s } }
            services:
              app: { run: [sleep, "3000"], depends_on: [dep], stop: { timeout: 2s } }
            """;
        string Yaml(int target) => template.Replace("LISTEN", $"{_port}", StringComparison.Ordinal).Replace("TARGET", $"{target}", StringComparison.Ordinal);
        var config = Write(Yaml(Loopback.FreePort()));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("waiting for dep", Deadline);

        File.WriteAllText(config, Yaml(OpenPort));
        hale.Signal(1);

        await hale.WaitForStderrAsync("Service app is now Ready", Deadline);
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Deadline));
    }

    [Fact]
    public async Task SigTerm_DemotesThePromotionBeforeExiting()
    {
        var flag = Path.Combine(_dir, "health.html");
        var config = Write($$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            checks:
              ok: { command: "exit 0" }
            actions:
              sentinel: { when: [ok], promote: "touch {{flag}}", demote: "rm -f {{flag}}" }
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await WaitUntilAsync(() => Task.FromResult(File.Exists(flag)));

        hale.Signal(15);

        Assert.Equal(0, await hale.WaitForExitAsync(Deadline));
        Assert.False(File.Exists(flag), hale.Stderr);
    }

    [Fact]
    public async Task Once_AliveDaemon_ActionPromotes()
    {
        var flag = Path.Combine(_dir, "promoted");
        var config = Write($$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            services:
              legacy: { start: "true", alive: { test: "exit 0" } }
            actions:
              sentinel: { when: [legacy], promote: "touch {{flag}}", demote: "rm -f {{flag}}" }
            """);

        var (code, _, stderr) = await HaleProcess.RunAsync("run", "--once", "-c", config);

        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(flag), stderr);
    }

    [Fact]
    public async Task SigTerm_CheckBoundServer_DrainedThenMaint()
    {
        using var haproxy = await RealHAProxy.StartAsync();
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        var config = Write($$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            haproxy:
              main: { socket: "{{haproxy.Unix.Text}}", timeout: 2s, drain_timeout: 2s }
            checks:
              ok: { command: "exit 0", haproxy: [ main:be_app/s1 ] }
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);

        hale.Signal(15);

        Assert.Equal(0, await hale.WaitForExitAsync(Deadline));
        var after = await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);
        Assert.Equal(ServerAdminState.Maint, after.AdminState);
    }

    private static int Count(string text, string what) =>
        (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, "condition not met in time");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private async Task<int> GetAsync(string path)
    {
        using var client = new HttpClient { Timeout = Deadline };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{_port}/{path}"));
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
