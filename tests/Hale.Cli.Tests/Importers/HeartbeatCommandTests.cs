using System.Net;
using System.Net.Sockets;
using Hale.Testing;

namespace Hale.Cli.Tests.Importers;

/// <summary><c>hale heartbeat</c> as a real process against local TCP and HTTP servers standing in for the checked hosts.</summary>
public sealed class HeartbeatCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-heartbeat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Heartbeat_AllHealthy_LogsEachCheckRunsThePromotionOnceAndExits0()
    {
        await using var web = new TinyHttpServer();
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var config = Write($"""
            [general]
            loglevel = debug
            logfile = hb.log
            pidfile = hb.pid
            threads = 2
            [promotions]
            flag = touch {_dir}/up
            same = touch {_dir}/up
            [demotions]
            flag = rm -f {_dir}/up
            same = rm -f {_dir}/up
            [DEFAULT]
            hostname = 127.0.0.1
            timeout = 15
            action = flag
            [web]
            type = HTTP
            port = {web.Port}
            path = /health
            [db]
            type = tcp
            port = {((IPEndPoint)tcp.LocalEndpoint).Port}
            timeout = 1.5
            action = same
            """);

        var (code, _, stderr) = await HaleProcess.RunAsync("heartbeat", "-c", config);

        Assert.Equal(0, code);
        Assert.Contains($"dbug: Heartbeat[0] [Service Check] Name: web, Endpoint: 127.0.0.1:{web.Port}, Type: http, Timeout: 15, Status: Healthy\n", stderr, StringComparison.Ordinal);
        Assert.Contains($"dbug: Heartbeat[0] [Service Check] Name: db, Endpoint: 127.0.0.1:{((IPEndPoint)tcp.LocalEndpoint).Port}, Type: tcp, Timeout: 1.5, Status: Healthy\n", stderr, StringComparison.Ordinal);
        Assert.Contains("Heartbeat started (", stderr, StringComparison.Ordinal);
        Assert.Contains("Mode: Run Once.", stderr, StringComparison.Ordinal);
        Assert.Contains("All critical services are up.", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n'), l => l.EndsWith($"Running: touch {_dir}/up", StringComparison.Ordinal));
        Assert.EndsWith("info: Heartbeat[0] One-time run-through complete. Goodbye.\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "up")));
        Assert.False(File.Exists(Path.Combine(_dir, "hb.pid")));
        Assert.Contains("One-time run-through complete. Goodbye.", await File.ReadAllTextAsync(Path.Combine(_dir, "hb.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_OneCheckDown_LogsItAsUnhealthyRunsTheDemotionsAndExits0()
    {
        await using var web = new TinyHttpServer { Status = 503 };
        File.WriteAllText(Path.Combine(_dir, "up"), "");
        var config = Write($"""
            [general]
            logfile = hb.log
            pidfile = hb.pid
            [promotions]
            flag = touch {_dir}/up
            [demotions]
            flag = rm -f {_dir}/up
            [web]
            type = http
            hostname = 127.0.0.1
            port = {web.Port}
            timeout = 2
            action = flag
            """);

        var (code, _, stderr) = await HaleProcess.RunAsync("heartbeat", "-c", config);

        Assert.Equal(0, code);
        Assert.Contains($"fail: Heartbeat[0] [Service Check] Name: web, Endpoint: 127.0.0.1:{web.Port}, Type: http, Timeout: 2, Status: Unhealthy\n", stderr, StringComparison.Ordinal);
        Assert.Contains("info: Heartbeat[0] One or more critical services detected down. Running node demotion actions.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Running: ", stderr, StringComparison.Ordinal); // debug lines are not written at INFO
        Assert.False(File.Exists(Path.Combine(_dir, "up")));
    }

    /// <summary>The README's example, its host standing in on a local port, and `service` a script recording its arguments.</summary>
    [Fact]
    public async Task Heartbeat_ReadmeExample_RunsThePromotionAndLogsAFailedActionsExitCodeAndOutput()
    {
        await using var web = new TinyHttpServer();
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var service = Path.Combine(bin, "service");
        File.WriteAllText(service, $"#!/bin/sh\necho \"$@\" >> {_dir}/service.calls\necho 'nginx: no such unit'\nexit 3\n");
        File.SetUnixFileMode(service, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Importers", "Fixtures", "heartbeat-readme.conf"))
            .Replace("port = 8080", $"port = {web.Port}", StringComparison.Ordinal)
            .Replace("hostname = localhost", "hostname = 127.0.0.1", StringComparison.Ordinal);
        var config = Write(text);
        var environment = new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };

        var (code, _, stderr) = await HaleProcess.RunAsync(environment, "heartbeat", "-c", config, "--log-level", "debug");

        Assert.Equal(0, code);
        Assert.Contains($"[Service Check] Name: webapp, Endpoint: 127.0.0.1:{web.Port}, Type: http, Timeout: 5, Status: Healthy\n", stderr, StringComparison.Ordinal);
        Assert.Equal("nginx start\n", File.ReadAllText(Path.Combine(_dir, "service.calls")));
        Assert.Contains("fail: Heartbeat[0] Action failed: nginx: no such unit.", stderr, StringComparison.Ordinal);
        Assert.Contains("fail: Heartbeat[0] Action returned a non-zero exit code: 3.", stderr, StringComparison.Ordinal);
        Assert.Contains("One-time run-through complete. Goodbye.", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "heartbeat.log")));
        Assert.True(web.Requests >= 1);
    }

    [Fact]
    public async Task Heartbeat_MissingExecutable_IsAFailedActionNotACrash()
    {
        var config = Write($"""
            [general]
            pidfile = hb.pid
            logfile = hb.log
            [promotions]
            a = /nonexistent/promote-me
            [demotions]
            a = /nonexistent/demote-me
            [down]
            type = tcp
            hostname = 127.0.0.1
            port = {ClosedPort()}
            timeout = 1
            action = a
            """);

        var (code, _, stderr) = await HaleProcess.RunAsync("heartbeat", "-c", config);

        Assert.Equal(0, code);
        Assert.Contains("Action returned a non-zero exit code: 127.", stderr, StringComparison.Ordinal);
        Assert.Contains("One-time run-through complete. Goodbye.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_PidFileLockedByARunningDaemon_PrintsTheOriginalMessageAndExits1LeavingTheFile()
    {
        var config = Write($"""
            [general]
            pidfile = hb.pid
            logfile = hb.log
            interval = 1
            [promotions]
            a = true
            [demotions]
            a = true
            [down]
            type = tcp
            hostname = 127.0.0.1
            port = {ClosedPort()}
            timeout = 1
            action = a
            """);
        var pidFile = Path.Combine(_dir, "hb.pid");
        using var daemon = HaleProcess.Start("heartbeat", "-c", config, "-d");
        await daemon.WaitForStderrAsync("One or more critical services detected down", TimeSpan.FromSeconds(30));
        var pid = Hale.Cli.Daemon.PidFileLock.ReadPid(pidFile); // not File.ReadAllText: .NET asks for a shared lock the holder refuses

        var (code, _, stderr) = await HaleProcess.RunAsync("heartbeat", "-c", config);
        var pidAfter = Hale.Cli.Daemon.PidFileLock.ReadPid(pidFile);
        daemon.Signal(15);
        var daemonCode = await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, code);
        Assert.Equal($"Failed to acquire exclusive lock on {pidFile}.\n", stderr.ReplaceLineEndings("\n"));
        Assert.Equal(daemon.Id, pid);
        Assert.Equal(pid, pidAfter);
        Assert.Contains("Mode: Daemon.", daemon.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, daemonCode);
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task Heartbeat_BadConfiguration_Exit2WithFileAndLine()
    {
        var config = Write("[promotions]\na = x\n[demotions]\na = y\n[c]\ntype = smtp\nhostname = h\nport = 1\naction = a\n");

        var (code, _, stderr) = await HaleProcess.RunAsync("heartbeat", "-c", config);

        Assert.Equal(2, code);
        Assert.Contains($"{config}:6:0: [c] type: 'smtp' is not tcp, http or https", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "heartbeat.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
