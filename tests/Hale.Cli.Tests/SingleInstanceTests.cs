using System.Globalization;
using System.Text.RegularExpressions;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>
/// The real <c>hale</c>: one instance per state_dir (a second is refused and leaves the first untouched), and
/// <c>hale status</c> / <c>hale ctl</c> reaching the running Hale through its socket alone, even with a broken file.
/// </summary>
public sealed partial class SingleInstanceTests : IDisposable
{
    // The service's program, its command line unique to this test (GNU sleep sums its arguments): other test classes and
    // other runs on this machine kill their leftovers by command line, and must not hit ours. A Hale a test kills takes
    // its children along (HaleProcess.Dispose kills the tree; owned children die with Hale).
    private readonly string _child = $"sleep 3600 0.{Random.Shared.Next(100_000, 1_000_000)}";

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-single-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_SecondOnSameConfig_Exit1AlreadyRunningAndFirstUntouched()
    {
        var config = Write("hale.yaml", Config(Loopback.FreePort(), "./state"));
        using var first = HaleProcess.Start("run", "-c", config);
        await first.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        var child = await StatusPidAsync("-c", config);

        var (code, _, stderr) = await HaleProcess.RunAsync("run", "-c", config);
        var childAfter = await StatusPidAsync("-c", config);

        Assert.Equal(1, code);
        Assert.Equal($"hale: already running (pid {first.Id})", stderr.Trim());
        Assert.Equal(child, childAfter);
        Assert.True(IsAlive(child), "the first Hale's child was killed");
        await StopAsync(first);
    }

    [Fact]
    public async Task RunOnce_WhileRunning_Exit1AlreadyRunning()
    {
        var config = Write("hale.yaml", Config(Loopback.FreePort(), "./state"));
        using var first = HaleProcess.Start("run", "-c", config);
        await first.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        var child = await StatusPidAsync("-c", config);

        var (code, _, stderr) = await HaleProcess.RunAsync("run", "--once", "-c", config);

        Assert.Equal(1, code);
        Assert.Equal($"hale: already running (pid {first.Id})", stderr.Trim());
        Assert.Equal(child, await StatusPidAsync("-c", config));
        await StopAsync(first);
    }

    [Fact]
    public async Task Run_OtherConfigSameStateDir_RefusedAndFirstsChildrenUntouched()
    {
        var state = Path.Combine(_dir, "shared-state");
        var firstConfig = Write("first.yaml", Config(Loopback.FreePort(), state));
        var secondConfig = Write(Path.Combine("other", "second.yaml"), Config(Loopback.FreePort(), state));
        using var first = HaleProcess.Start("run", "-c", firstConfig);
        await first.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        var child = await StatusPidAsync("-c", firstConfig);

        var (code, _, stderr) = await HaleProcess.RunAsync("run", "-c", secondConfig);

        Assert.Equal(1, code);
        Assert.Equal($"hale: already running (pid {first.Id})", stderr.Trim());
        Assert.True(IsAlive(child), "the second Hale killed the first one's child as left over");
        Assert.Equal(child, await StatusPidAsync("-c", firstConfig));
        await StopAsync(first);
    }

    [Fact]
    public async Task StatusAndCtl_ConfigFileBroken_ReachTheRunningHaleThroughItsSocket()
    {
        var port = Loopback.FreePort();
        var config = Write("hale.yaml", Config(port, "./var/hale"));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        var child = await StatusPidAsync("-c", config);

        Write("hale.yaml", $"http: {{ listen: 127.0.0.1:{port}\nstate_dir: ./var/hale\nservices: {{\n  web: {{ run: \"exec {_child}\"\n");
        var (statusCode, table, statusErr) = await HaleProcess.RunAsync("status", "-c", config);
        var (ctlCode, ctlOut, ctlErr) = await HaleProcess.RunAsync("ctl", "restart", "web", "-c", config);
        var restarted = await WaitForNewPidAsync(child, "-c", config);

        Assert.True(statusCode == 0, statusErr);
        Assert.Matches($@"web\s+\S+\s+{child}\s", table);
        Assert.True(ctlCode == 0, ctlErr);
        Assert.Equal("web: started", ctlOut.Trim());
        Assert.NotEqual(child, restarted);
        await StopAsync(hale);
    }

    [Fact]
    public async Task Status_StateDirOption_ReachesTheRunningHaleWithoutAConfig()
    {
        var config = Write("hale.yaml", Config(Loopback.FreePort(), "./var/hale"));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        File.Delete(config);

        var (code, table, stderr) = await HaleProcess.RunAsync("status", "--state-dir", Path.Combine(_dir, "var", "hale"));

        Assert.True(code == 0, stderr);
        Assert.Matches(@"web\s+(RUNNING|READY)\s+\d+\s", table);
        await StopAsync(hale);
    }

    [Fact]
    public async Task StatusAndCtl_HaleConfigVariable_UsedWithoutDashC()
    {
        var config = Write("hale.yaml", Config(Loopback.FreePort(), "./var/hale"));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        var environment = new Dictionary<string, string> { ["HALE_CONFIG"] = config };

        var (code, table, stderr) = await HaleProcess.RunAsync(environment, "status");
        var (ctlCode, _, ctlErr) = await HaleProcess.RunAsync(environment, "ctl", "stop", "web");
        await hale.WaitForStderrAsync("Service web is now Stopped", TimeSpan.FromSeconds(30));

        Assert.True(code == 0, stderr);
        Assert.Matches(@"web\s+(RUNNING|READY)\s+\d+\s", table);
        Assert.True(ctlCode == 0, ctlErr);
        await StopAsync(hale);
    }

    [Fact]
    public async Task Status_NothingListening_Exit1NamingTheSocket()
    {
        var state = Path.Combine(_dir, "idle");

        var (code, _, stderr) = await HaleProcess.RunAsync("status", "--state-dir", state);

        Assert.Equal(1, code);
        Assert.Contains($"nothing answers on {Path.Combine(state, "hale.sock")}", stderr);
    }

    [Fact]
    public async Task Run_LockFileLeftBySigkilledHale_DoesNotBlockTheNextStart()
    {
        var config = Write("hale.yaml", Config(Loopback.FreePort(), "./state"));
        var lockFile = Path.Combine(_dir, "state", "hale.lock");
        using (var killed = HaleProcess.Start("run", "-c", config))
        {
            await killed.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
            killed.Signal(9);
            await killed.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var leftBehind = File.Exists(lockFile);
        using var next = HaleProcess.Start("run", "-c", config);
        await next.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));
        var (code, _, stderr) = await HaleProcess.RunAsync("status", "-c", config);

        Assert.True(leftBehind, "the SIGKILLed Hale's lock file should still be there");
        Assert.True(code == 0, stderr);
        Assert.Equal($"{next.Id}", (await CatAsync(lockFile)).Trim());
        await StopAsync(next);
    }

    [Fact]
    public async Task Run_MissingStateDir_CreatedPrivate()
    {
        var config = Write("hale.yaml", Config(Loopback.FreePort(), "./deep/state"));
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Ready", TimeSpan.FromSeconds(30));

        var mode = File.GetUnixFileMode(Path.Combine(_dir, "deep", "state"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
        await StopAsync(hale);
    }

    private string Config(int port, string stateDir) => $"""
        http: {"{"} listen: "127.0.0.1:{port}" {"}"}
        state_dir: {stateDir}
        services:
          web:
            run: "exec {_child}"
        """;

    private static async Task StopAsync(HaleProcess hale)
    {
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The pid <c>hale status</c> shows for <c>web</c> (fails the test when it does not answer).</summary>
    private static async Task<int> StatusPidAsync(params string[] target)
    {
        var (code, table, stderr) = await HaleProcess.RunAsync(["status", .. target]);
        Assert.True(code == 0, $"hale status failed ({code}): {stderr}");
        var match = WebPid().Match(table);
        Assert.True(match.Success, table);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<int> WaitForNewPidAsync(int old, params string[] target)
    {
        for (var i = 0; i < 300; i++)
        {
            var (_, table, _) = await HaleProcess.RunAsync(["status", .. target]);
            if (WebPid().Match(table) is { Success: true } match
                && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var pid && pid != old)
            {
                return pid;
            }

            await Task.Delay(100);
        }

        return old;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads a file with cat: .NET's own readers take a shared flock, which Hale's exclusive lock refuses.</summary>
    private static async Task<string> CatAsync(string path)
    {
        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true })!;
        var text = await cat.StandardOutput.ReadToEndAsync();
        await cat.WaitForExitAsync();
        return text;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^web\s+\S+\s+(\d+)\s", RegexOptions.Multiline)]
    private static partial Regex WebPid();
}
