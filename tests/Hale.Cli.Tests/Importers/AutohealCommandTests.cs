using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hale.Testing;

namespace Hale.Cli.Tests.Importers;

/// <summary>
/// <c>hale autoheal</c> and the script <c>hale autoheal script</c> writes, run by dash and bash, on one scripted world: a
/// service whose pid file names a dead process, with a TCP and an HTTP dependency that are down and then up, after a
/// service whose only dependency stays down.
/// </summary>
public sealed class AutohealCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-autoheal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Shells => ["dash", "bash"];

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Script_DeadServiceWithDependenciesDownThenUp_RestartsOnlyWhenTheyAreUpAndGoesOnPastASkippedService(string shell)
    {
        await using var world = await World.CreateAsync(_dir);
        var (generated, script, _) = await HaleProcess.RunAsync("autoheal", "script", "-c", world.Config);
        Assert.Equal(0, generated);
        var restart = Path.Combine(_dir, "restart.sh");
        await File.WriteAllTextAsync(restart, script);

        var down = await RunAsync(shell, restart);
        world.DependenciesUp();
        var up = await RunAsync(shell, restart);
        File.Delete(world.Started("web"));
        world.WebIsAlive();
        var alive = await RunAsync(shell, restart);

        Assert.Equal(1, down.Code);
        Assert.Contains("autoheal: other is down (no process matches pname hale-test-no-such-process) but dependency gone (127.0.0.1:", down.Stderr, StringComparison.Ordinal);
        Assert.Contains($"autoheal: web is down (pid {world.DeadPid} from {world.PidFile} is not running) but dependency api (127.0.0.1:{world.TcpPort}) is down too: skipped", down.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, up.Code); // 'other' is still skipped
        Assert.Contains("autoheal: other is down", up.Stderr, StringComparison.Ordinal);
        Assert.Contains("autoheal: web was down (pid ", up.Stderr, StringComparison.Ordinal);
        Assert.Contains("ran its script: exit 0", up.Stderr, StringComparison.Ordinal);
        Assert.Contains("autoheal: web is alive: pid ", alive.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(world.Started("web")));
        Assert.Equal(1, world.Restarts("web"));
        Assert.Equal(0, world.Restarts("other"));
    }

    [Fact]
    public async Task Autoheal_Once_SameWorld_SameDecisionsAsTheScript()
    {
        await using var world = await World.CreateAsync(_dir);

        var down = await HaleProcess.RunAsync("autoheal", "-c", world.Config, "--once");
        world.DependenciesUp();
        var up = await HaleProcess.RunAsync("autoheal", "-c", world.Config);

        Assert.Equal(1, down.ExitCode);
        Assert.Contains("Service web: is down", down.Stderr, StringComparison.Ordinal);
        Assert.Contains("Service other: is down", down.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, up.ExitCode);
        Assert.Contains("Service web was down", up.Stderr, StringComparison.Ordinal);
        Assert.Contains("Service other: is down", up.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, world.Restarts("web"));
        Assert.Equal(0, world.Restarts("other"));
    }

    [Fact]
    public async Task Autoheal_Every_PassesUntilSigtermThenExit0()
    {
        await using var world = await World.CreateAsync(_dir);
        using var daemon = HaleProcess.Start("autoheal", "-c", world.Config, "--every", "1s");
        await daemon.WaitForStderrAsync("Service web: is down", TimeSpan.FromSeconds(30));

        world.DependenciesUp();
        await daemon.WaitForStderrAsync("Service web was down", TimeSpan.FromSeconds(30));
        daemon.Signal(15);
        var code = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Contains("Autoheal stopped.", daemon.Stderr, StringComparison.Ordinal);
        Assert.True(world.Restarts("web") >= 1, daemon.Stderr);
        Assert.Equal(0, world.Restarts("other"));
    }

    [Fact]
    public async Task Script_Twice_GivesTheSameFile()
    {
        await using var world = await World.CreateAsync(_dir);

        var first = await HaleProcess.RunAsync("autoheal", "script", "-c", world.Config);
        var second = await HaleProcess.RunAsync("autoheal", "script", "-c", world.Config);

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("#!/bin/sh\n", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Script_ReadmeExample_IsValidShell(string shell)
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Importers", "Fixtures", "autoheal-readme.yaml");
        var (code, script, stderr) = await HaleProcess.RunAsync("autoheal", "script", "-c", config);
        Assert.True(code == 0, stderr);
        var restart = Path.Combine(_dir, "restart.sh");
        await File.WriteAllTextAsync(restart, script);

        var check = await RunAsync(shell, "-n", restart);

        Assert.True(check.Code == 0, check.Stderr);
        Assert.Contains("alive_pname 'nginx'", script, StringComparison.Ordinal);
        Assert.Contains("tcp_up '127.0.0.1' 80", script, StringComparison.Ordinal);
        Assert.Contains("http_up 'http://middleware.host.com/check.htm'", script, StringComparison.Ordinal);
        Assert.Contains("/bin/sh -c 'sudo -u admin /home/admin/web_server/bin/startup.sh'", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autoheal_OnceAndEvery_AreAUsageError()
    {
        var (code, _, stderr) = await HaleProcess.RunAsync("autoheal", "-c", Path.Combine(_dir, "conf.yaml"), "--once", "--every", "60s");

        Assert.Equal(2, code);
        Assert.Contains("--once and --every exclude each other", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autoheal_BadConfiguration_Exit2WithFileAndLine()
    {
        var config = Path.Combine(_dir, "conf.yaml");
        await File.WriteAllTextAsync(config, "web:\n  script: start-web\n");

        var (code, _, stderr) = await HaleProcess.RunAsync("autoheal", "script", "-c", config);

        Assert.Equal(2, code);
        Assert.Contains($"{config}:1:1: service 'web' needs pname, pid_file or both", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stderr)> RunAsync(string shell, params string[] arguments)
    {
        var info = new ProcessStartInfo(shell) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }

    /// <summary>
    /// The scripted world: <c>other</c> (pname that matches nothing, a TCP dependency that stays down) first, then <c>web</c>
    /// (a pid file naming a dead process; a TCP and an HTTP dependency, down until <see cref="DependenciesUp"/>). Each restart
    /// script appends a line to <c>NAME.restarts</c> and touches <c>NAME.started</c>.
    /// </summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly string _dir;
        private readonly TinyHttpServer _http;
        private TcpListener? _tcp;

        private World(string dir, TinyHttpServer http, int tcpPort, int deadPid)
        {
            _dir = dir;
            _http = http;
            TcpPort = tcpPort;
            DeadPid = deadPid;
        }

        public string Config => Path.Combine(_dir, "conf.yaml");

        public string PidFile => Path.Combine(_dir, "web.pid");

        public int TcpPort { get; }

        public int DeadPid { get; }

        public static async Task<World> CreateAsync(string dir)
        {
            var http = new TinyHttpServer { Status = 503 };
            var tcpPort = FreePort();
            var gonePort = FreePort();
            using var exited = Process.Start("sh", ["-c", "exit 0"])!;
            await exited.WaitForExitAsync();
            var world = new World(dir, http, tcpPort, exited.Id);
            await File.WriteAllTextAsync(world.PidFile, $"{exited.Id}\n");
            await File.WriteAllTextAsync(world.Config, $"""
                other:
                    pname: hale-test-no-such-process
                    dep:
                        - name: gone
                          host: 127.0.0.1
                          port: {gonePort}
                    script: echo x >> {dir}/other.restarts; touch {dir}/other.started
                web:
                    pid_file: web.pid
                    dep:
                        - name: api
                          host: 127.0.0.1
                          port: {tcpPort}
                        - name: health
                          url: {http.Url("/check.htm")}
                    script: echo x >> {dir}/web.restarts; touch {dir}/web.started
                """);
            return world;
        }

        public string Started(string service) => Path.Combine(_dir, $"{service}.started");

        public int Restarts(string service) =>
            File.Exists(Path.Combine(_dir, $"{service}.restarts")) ? File.ReadAllLines(Path.Combine(_dir, $"{service}.restarts")).Length : 0;

        public void DependenciesUp()
        {
            _tcp = new TcpListener(IPAddress.Loopback, TcpPort);
            _tcp.Start();
            _http.Status = 200;
        }

        /// <summary>The pid file names a live process: the test host itself.</summary>
        public void WebIsAlive() => File.WriteAllText(PidFile, $"{Environment.ProcessId}\n");

        public async ValueTask DisposeAsync()
        {
            _tcp?.Stop();
            _tcp?.Dispose();
            await _http.DisposeAsync();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
