using System.Globalization;
using System.Text.Json;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>The real <c>hale run</c> as a daemon: pid file lock, SIGHUP reload, SIGKILL without orphans, --once, ctl and status.</summary>
public sealed class DaemonProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-daemon-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task PidFile_SecondInstance_Exit1WithoutTouchingTheFile()
    {
        var config = Write("hale.yaml", Services(""));
        var pidFile = Path.Combine(_dir, "hale.pid");
        using var first = HaleProcess.Start("run", "-c", config, "--pidfile", pidFile);
        await first.WaitForStderrAsync("Serving", TimeSpan.FromSeconds(30));
        var content = await CatAsync(pidFile);
        var otherStateDir = Write("other.yaml", Services("").Replace("state_dir: ./state", "state_dir: ./other-state", StringComparison.Ordinal));

        // Another state_dir, so that the state directory's own lock does not refuse it first.
        var (code, _, stderr) = await HaleProcess.RunAsync("run", "-c", otherStateDir, "--pidfile", pidFile);

        Assert.Equal(1, code);
        Assert.Contains($"Failed to acquire exclusive lock on {pidFile}.", stderr);
        Assert.Equal($"{first.Id}\n", content);
        Assert.Equal(content, await CatAsync(pidFile));
    }

    [Fact]
    public async Task SigTerm_StopsServicesInReverseOrderAndExits0()
    {
        var log = Path.Combine(_dir, "order.log");
        var config = Write("hale.yaml", Services($"""
              first:
                run: "trap 'echo first-stopped >> {log}; exit 0' TERM; echo first-started >> {log}; while true; do sleep 0.1; done"
                order: 1
              second:
                run: "trap 'echo second-stopped >> {log}; exit 0' TERM; echo second-started >> {log}; while true; do sleep 0.1; done"
                order: 2
            """));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service second is now Ready", TimeSpan.FromSeconds(30));

        hale.Signal(15);
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Equal(["first-started", "second-started", "second-stopped", "first-stopped"], File.ReadAllLines(log));
    }

    [Fact]
    public async Task SigKill_ChildDiesAndGrandchildIsKilledAtRestart()
    {
        var grandchildFile = Path.Combine(_dir, "grandchild.pid");
        var config = Write("hale.yaml", Services($"""
              orphan-maker:
                run: "sleep 3000 & echo $! > {grandchildFile}; exec sleep 3000"
            """));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service orphan-maker is now Ready", TimeSpan.FromSeconds(30));
        var child = await StatusPidAsync();
        var grandchild = int.Parse((await File.ReadAllTextAsync(grandchildFile)).Trim(), CultureInfo.InvariantCulture);

        hale.Signal(9);
        await hale.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var childGone = await ProcessWaits.GoneAsync(child);
        using var restarted = HaleProcess.Start("run", "-c", config);
        await restarted.WaitForStderrAsync("Service orphan-maker is now Ready", TimeSpan.FromSeconds(30));
        var grandchildGone = await ProcessWaits.GoneAsync(grandchild);

        Assert.True(childGone, "the owned child outlived Hale's SIGKILL");
        Assert.True(grandchildGone, "the orphaned grandchild survived Hale's restart");
        Assert.Contains("left over by a previous Hale", restarted.Stderr);
    }

    [Fact]
    public async Task SigHup_GoodFileAddsService_BadFileKeepsRunningConfiguration()
    {
        var config = Write("hale.yaml", Services("""
              a:
                run: "exec sleep 3000"
            """));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service a is now Ready", TimeSpan.FromSeconds(30));
        var aPid = await StatusPidAsync("a");

        Write("hale.yaml", Services("""
              a:
                run: "exec sleep 3000"
              b:
                run: "exec sleep 3000"
            """));
        hale.Signal(1);
        await hale.WaitForStderrAsync("Service b is now Ready", TimeSpan.FromSeconds(30));
        var aPidAfterReload = await StatusPidAsync("a");

        Write("hale.yaml", Services("""
              a:
                run: [unterminated
            """));
        hale.Signal(1);
        await hale.WaitForStderrAsync("Reload rejected", TimeSpan.FromSeconds(30));
        var bStillThere = await StatusPidAsync("b");

        Assert.Equal(aPid, aPidAfterReload);
        Assert.True(bStillThere > 0);
        Assert.Contains("hale.yaml:", hale.Stderr);
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SigHup_StartedUnderNohup_StillReloads()
    {
        var config = Write("hale.yaml", Services("""
              a:
                run: "exec sleep 3000"
            """));
        // nohup execs hale with SIGHUP ignored, a disposition that survives exec.
        using var hale = HaleProcess.StartWithin(["nohup"], new Dictionary<string, string>(), "run", "-c", config);
        await hale.WaitForStderrAsync("Service a is now Ready", TimeSpan.FromSeconds(30));
        await hale.WaitForStderrAsync("SIGHUP was ignored when Hale started", TimeSpan.FromSeconds(30));

        Write("hale.yaml", Services("""
              a:
                run: "exec sleep 3000"
              b:
                run: "exec sleep 3000"
            """));
        hale.Signal(1);
        await hale.WaitForStderrAsync("Service b is now Ready", TimeSpan.FromSeconds(30));

        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CtlAndStatus_StopStartThroughControlSocket()
    {
        var config = Write("hale.yaml", Services("""
              web:
                run: "exec sleep 3000"
            """));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));

        var (stopCode, _, _) = await HaleProcess.RunAsync("ctl", "stop", "web", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Stopped", TimeSpan.FromSeconds(30));
        var (statusCode, table, _) = await HaleProcess.RunAsync("status", "-c", config);
        var (unknownCode, unknownOut, _) = await HaleProcess.RunAsync("ctl", "restart", "nope", "-c", config);

        Assert.Equal(0, stopCode);
        Assert.Equal(0, statusCode);
        Assert.Matches(@"web\s+STOPPED\s+-", table);
        Assert.Equal(1, unknownCode);
        Assert.Equal("nope: ERROR (no such service)", unknownOut.Trim());
    }

    [Fact]
    public async Task Status_NoHaleRunning_Exit1WithExplanation()
    {
        var config = Write("hale.yaml", Services(""));

        var (code, _, stderr) = await HaleProcess.RunAsync("status", "-c", config);

        Assert.Equal(1, code);
        Assert.Contains("no Hale is running", stderr);
    }

    [Fact]
    public async Task Once_StartsWhatIsDownAndAllowed_NonZeroWhenSkipped()
    {
        var marker = Path.Combine(_dir, "started");
        var good = Write("good.yaml", $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            services:
              legacy:
                start: "touch {{marker}}"
                alive: { test: "test -e {{marker}}" }
            """);
        var blocked = Write("blocked.yaml", $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            services:
              legacy:
                start: "touch {{marker}}.2"
                alive: { test: "test -e {{marker}}.2" }
                depends_on: [{ tcp: { host: 127.0.0.1, port: {{_port}}, timeout: 1s } }]
            """);

        var (goodCode, _, goodErr) = await HaleProcess.RunAsync("run", "--once", "-c", good);
        var (blockedCode, _, blockedErr) = await HaleProcess.RunAsync("run", "--once", "-c", blocked);

        Assert.True(goodCode == 0, goodErr);
        Assert.True(File.Exists(marker));
        Assert.Contains("One-time run-through complete. Goodbye.", goodErr);
        Assert.Equal(1, blockedCode);
        Assert.False(File.Exists(marker + ".2"));
        Assert.Contains("skipped", blockedErr);
    }

    /// <summary>Reads a file with cat: .NET's own readers take a shared flock, which Hale's exclusive pid file lock refuses.</summary>
    private static async Task<string> CatAsync(string path)
    {
        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true })!;
        var text = await cat.StandardOutput.ReadToEndAsync();
        await cat.WaitForExitAsync();
        return text;
    }

    private string Services(string services) => $$"""
        http: { listen: "127.0.0.1:{{_port}}" }
        state_dir: ./state
        services:
        {{(services.Length == 0 ? "  {}" : services)}}
        """.Replace("services:\n  {}", "services: {}", StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<int> StatusPidAsync(string service = "orphan-maker")
    {
        using var client = new HttpClient();
        var json = await client.GetStringAsync($"http://127.0.0.1:{_port}/-/status");
        using var doc = JsonDocument.Parse(json);
        var entry = doc.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == service);
        return entry.GetProperty("pid").GetInt32();
    }
}
