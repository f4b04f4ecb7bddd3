using System.Globalization;
using System.Text.RegularExpressions;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>The real <c>hale run</c>: the pid a service shows and is signalled at is its program's, not a shell's.</summary>
public sealed class ProgramPidTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-pid-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose()
    {
        // The daemon Hale does not own outlives Hale by design.
        if (File.Exists(Path.Combine(_dir, "legacy.pid")) && int.TryParse(File.ReadAllText(Path.Combine(_dir, "legacy.pid")).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            KillIfAlive(pid);
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_StringWithoutShellSyntax_StatusPidIsTheProgramAndCtlSignalReachesIt()
    {
        var ready = Path.Combine(_dir, "ready.txt");
        var usr1 = Path.Combine(_dir, "usr1.txt");
        var script = Write("app.py", $$"""
            import os, pathlib, signal, time
            signal.signal(signal.SIGUSR1, lambda *_: pathlib.Path({{Quote(usr1)}}).write_text(str(os.getpid())))
            pathlib.Path({{Quote(ready)}}).write_text(str(os.getpid()))
            while True:
                time.sleep(1)
            """);
        var config = Write("hale.yaml", $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            services:
              sleeper:
                run: sleep 1000
              app:
                run: /usr/bin/python3 {{script}}
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service app is now Ready", Patience);
        await hale.WaitForStderrAsync("Service sleeper is now Ready", Patience);
        Assert.True(await WaitForAsync(() => File.Exists(ready)), "the app never wrote its ready file");
        var table = await StatusAsync(config);
        var sleeperPid = PidIn(table, "sleeper");
        var appPid = PidIn(table, "app");

        var (code, stdout, stderr) = await HaleProcess.RunAsync("ctl", "signal", "app", "USR1", "-c", config);
        var signalled = await WaitForAsync(() => File.Exists(usr1) && File.ReadAllText(usr1).Length > 0);
        var after = await StatusAsync(config);

        Assert.Equal("sleep", Comm(sleeperPid));
        Assert.Equal(["sleep", "1000"], Cmdline(sleeperPid));
        Assert.Equal(appPid, int.Parse(File.ReadAllText(ready), CultureInfo.InvariantCulture));
        Assert.True(code == 0, stderr);
        Assert.Contains($"app: SIGUSR1 sent to pid {appPid}", stdout);
        Assert.True(signalled, "the app never got SIGUSR1");
        Assert.Equal(appPid.ToString(CultureInfo.InvariantCulture), File.ReadAllText(usr1));
        Assert.Matches(new Regex($@"^app\s+READY\s+{appPid}\s", RegexOptions.Multiline), after);
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task CtlSignal_UnknownServiceOrSignal_Exit1Or2WithExplanation()
    {
        var config = Write("hale.yaml", $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            services:
              web:
                run: sleep 1000
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Ready", Patience);

        var (unknownCode, _, unknownErr) = await HaleProcess.RunAsync("ctl", "signal", "nope", "HUP", "-c", config);
        var (badCode, _, badErr) = await HaleProcess.RunAsync("ctl", "signal", "web", "BOGUS", "-c", config);
        var (missingCode, _, missingErr) = await HaleProcess.RunAsync("ctl", "signal", "web", "-c", config);
        var (stopCode, _, _) = await HaleProcess.RunAsync("ctl", "stop", "web", "-c", config);
        await hale.WaitForStderrAsync("Service web is now Stopped", Patience);
        var (stoppedCode, _, stoppedErr) = await HaleProcess.RunAsync("ctl", "signal", "web", "TERM", "-c", config);

        Assert.Equal(1, unknownCode);
        Assert.Contains("no service named 'nope'", unknownErr);
        Assert.Equal(2, badCode);
        Assert.Contains("unknown signal 'BOGUS'", badErr);
        Assert.Equal(2, missingCode);
        Assert.Contains("ctl signal needs a signal", missingErr);
        Assert.Equal(0, stopCode);
        Assert.Equal(1, stoppedCode);
        Assert.Contains("web: not running", stoppedErr);
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task UnownedDaemon_StatusShowsThePidFromItsPidFile_SignalledByCtl()
    {
        var pidFile = Path.Combine(_dir, "legacy.pid");
        var config = Write("hale.yaml", $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            services:
              legacy:
                start: "sh -c 'echo $$ > {{pidFile}}; exec sleep 3001' > /dev/null 2>&1 &"
                stop: "kill $(cat {{pidFile}})"
                alive: { pid_file: {{pidFile}} }
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service legacy is now Ready", Patience);
        var first = await ReadPidAsync(pidFile);
        var shown = await WaitForStatusPidAsync(config, "legacy", first);

        var (code, stdout, stderr) = await HaleProcess.RunAsync("ctl", "signal", "legacy", "TERM", "-c", config);
        var second = await WaitForAsync(() => TryReadPid(pidFile) is { } pid && pid != first);
        var restarted = TryReadPid(pidFile)!.Value;
        var shownAfter = await WaitForStatusPidAsync(config, "legacy", restarted);

        Assert.Equal(first, shown);
        Assert.True(code == 0, stderr);
        Assert.Contains($"legacy: SIGTERM sent to pid {first} (from {pidFile})", stdout);
        Assert.True(second, "the daemon killed by the signal was not started again");
        Assert.Equal(restarted, shownAfter);
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Patience));
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static int PidIn(string table, string service)
    {
        var match = Regex.Match(table, $@"^{service}\s+\w+\s+(\d+)\s", RegexOptions.Multiline);
        Assert.True(match.Success, $"no pid for {service} in:\n{table}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Comm(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static string[] Cmdline(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string> StatusAsync(string config)
    {
        var (code, stdout, stderr) = await HaleProcess.RunAsync("status", "-c", config);
        Assert.True(code == 0, stderr);
        return stdout;
    }

    /// <summary>The pid <c>hale status</c> shows for <paramref name="service"/> once it is <paramref name="expected"/>, or the last one shown.</summary>
    private static async Task<int?> WaitForStatusPidAsync(string config, string service, int expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        int? shown;
        do
        {
            var match = Regex.Match(await StatusAsync(config), $@"^{service}\s+\w+\s+(\d+)\s", RegexOptions.Multiline);
            shown = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            if (shown == expected)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return shown;
    }

    private static async Task<int> ReadPidAsync(string pidFile)
    {
        Assert.True(await WaitForAsync(() => TryReadPid(pidFile) is not null), $"no pid in {pidFile}");
        return TryReadPid(pidFile)!.Value;
    }

    private static int? TryReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static void KillIfAlive(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
