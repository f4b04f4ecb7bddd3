using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hale.Checks;
using Hale.Probes;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;

namespace Hale.Tests.Services;

/// <summary>The supervisor with real child processes and real sockets on 127.0.0.1; policies are short so tests stay fast.</summary>
public sealed class SupervisorTests : IAsyncLifetime
{
    private static readonly RestartPolicy Fast = new()
    {
        BackoffInitial = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(400),
        Jitter = 0,
        StartWindow = TimeSpan.FromMilliseconds(300),
        ResetAfter = TimeSpan.FromSeconds(60),
        Limit = new StartLimit(100, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)),
    };

    /// <summary>
    /// <see cref="Fast"/>, with the time a daemon started in the background has to write its pid file before its liveness
    /// counts: 3 s. 300 ms was too short for python's start on a loaded machine (the daemon was declared dead, started again,
    /// and the pid file then named the second one).
    /// </summary>
    private static readonly RestartPolicy FastDaemon = Fast with { StartWindow = TimeSpan.FromSeconds(3) };

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-supervisor-").FullName;
    private readonly string _owner = "hale-test-" + Guid.NewGuid().ToString("N");
    private Supervisor? _supervisor;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.StopAsync();
            await _supervisor.DisposeAsync();
        }

        ProcessTable.KillLeftovers(_owner);
        OwnedLeftovers.KillReferencing(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Crash_OwnedChildKilled_RestartedWithNewPid()
    {
        var supervisor = await StartAsync(Owned("web", "exec sleep 300"));
        var first = await WaitAsync("web", s => s.State == ServiceState.Ready);

        NativeMethods.KillProcessGroup(first.Pid!.Value, NativeMethods.SIGKILL);
        var second = await WaitAsync("web", s => s.State == ServiceState.Ready && s.Pid != first.Pid);

        Assert.Equal(1, second.Restarts);
        Assert.Contains("SIGKILL", second.LastError);
        Assert.True(ProcessTable.IsAlive(second.Pid!.Value));
    }

    [Fact]
    public async Task StartPermit_Withheld_StoppedWithoutRunningThenStartsOncePermitted()
    {
        var ran = Path.Combine(_dir, "ran");
        string? permit = "n1 is not the active member of group db";
        await StartAsync(Owned("web", $"echo $$ >> {ran}; exec sleep 300") with { StartPermit = () => Volatile.Read(ref permit) });

        var withheld = await WaitAsync("web", s => s.State == ServiceState.Stopped && s.LastError is not null);
        Assert.Equal("start withheld: n1 is not the active member of group db", withheld.LastError);
        Assert.Equal((0, null), (withheld.Restarts, withheld.Pid));
        Assert.False(File.Exists(ran));

        Volatile.Write(ref permit, null);
        _supervisor!.Send("web", ServiceCommand.Start);

        var running = await WaitAsync("web", s => s.State == ServiceState.Ready);
        Assert.Equal([running.Pid!.Value.ToString(CultureInfo.InvariantCulture)], await File.ReadAllLinesAsync(ran));
    }

    [Fact]
    public async Task StartPermit_WithheldWhileAStopArrives_StoppedNotStuckStopping_ThenStartsWhenPermitted()
    {
        // As a member that resigned while its service's restart fell due: the group's Stop lands while the start is withheld. It
        // must find the service stopped (the soak test once saw it wait in Stopping for an instance that never came, and ignore
        // the Start of its next promotion).
        string? permit = "n1 is not the active member of group db (no live lease)";
        var stopSent = 0;
        await StartAsync(Owned("web", "exec sleep 300") with
        {
            StartPermit = () =>
            {
                var reason = Volatile.Read(ref permit);
                if (reason is not null && Interlocked.Exchange(ref stopSent, 1) == 0)
                {
                    Assert.True(_supervisor!.Send("web", ServiceCommand.Stop));
                }

                return reason;
            },
        });

        var stopped = await WaitAsync("web", s => s.State == ServiceState.Stopped && s.LastError is not null);
        Assert.StartsWith("start withheld: ", stopped.LastError, StringComparison.Ordinal);
        Assert.Equal(1, Volatile.Read(ref stopSent));

        Volatile.Write(ref permit, null);
        _supervisor!.Send("web", ServiceCommand.Start);
        var running = await WaitAsync("web", s => s.State == ServiceState.Ready);
        Assert.NotNull(running.Pid);
    }

    [Fact]
    public async Task StartPermit_RevokedWhileRunning_ACrashIsNotRestarted()
    {
        string? permit = null;
        await StartAsync(Owned("web", "exec sleep 300") with { StartPermit = () => Volatile.Read(ref permit) });
        var first = await WaitAsync("web", s => s.State == ServiceState.Ready);

        // As a member that lost its lease while its service died: the restart after the backoff must not run it again.
        Volatile.Write(ref permit, "lease lost");
        NativeMethods.KillProcessGroup(first.Pid!.Value, NativeMethods.SIGKILL);

        var stopped = await WaitAsync("web", s => s.State == ServiceState.Stopped);
        Assert.Equal("start withheld: lease lost", stopped.LastError);
        Assert.Equal(1, stopped.Restarts);
        Assert.Contains("SIGKILL", stopped.LastExit!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashLoop_BackoffGrowsThenHoldThenStartsAgain()
    {
        var policy = Fast with { Limit = new StartLimit(4, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)) };
        var delays = new SortedDictionary<DateTimeOffset, TimeSpan>();
        await StartAsync(Owned("loop", "exit 3") with { Restart = policy }, s =>
        {
            if (s.State == ServiceState.Backoff && s.NextStartAt is { } at)
            {
                lock (delays)
                {
                    delays[s.Since] = at - s.Since;
                }
            }
        });

        var held = await WaitAsync("loop", s => s.State == ServiceState.Fatal);
        var heldAt = held.Since;
        var again = await WaitAsync("loop", s => s.State == ServiceState.Backoff && s.Since > heldAt, TimeSpan.FromSeconds(10));

        int[] first;
        lock (delays)
        {
            // The loop goes on meanwhile: its callback adds to the dictionary.
            first = [.. delays.Values.Take(5).Select(d => (int)Math.Round(d.TotalMilliseconds))];
        }

        Assert.Equal([50, 100, 200, 400, 50], first);
        Assert.Contains("held", held.LastError);
        Assert.True(again.Since - heldAt >= TimeSpan.FromSeconds(1), $"released after {again.Since - heldAt}");
    }

    [Fact]
    public async Task HeldService_NeverStopsTheOthers()
    {
        var policy = Fast with { Limit = new StartLimit(2, TimeSpan.FromMinutes(1), null) };
        await StartAsync(Owned("bad", "exit 1") with { Restart = policy }, null, Owned("good", "exec sleep 300"));

        var held = await WaitAsync("bad", s => s.State == ServiceState.Fatal);
        var good = await WaitAsync("good", s => s.State == ServiceState.Ready);

        Assert.Null(held.HeldUntil);
        Assert.True(ProcessTable.IsAlive(good.Pid!.Value));
    }

    [Fact]
    public async Task DependencyCheckDown_Waits_ThenStartsWhenItComesUp()
    {
        var port = Loopback.FreePort();
        var dependency = new TcpCheck("127.0.0.1", port, TimeSpan.FromSeconds(1));
        await StartAsync(Owned("web", "exec sleep 300") with { DependsOn = [new ServiceDependency($"db:{port}", dependency)] });

        var waiting = await WaitAsync("web", s => s.WaitingFor is not null);
        await Task.Delay(500);
        var stillWaiting = _supervisor!.GetStatus("web")!;
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var started = await WaitAsync("web", s => s.State == ServiceState.Ready);

        Assert.StartsWith($"db:{port}", waiting.WaitingFor);
        Assert.Equal(ServiceState.Stopped, stillWaiting.State);
        Assert.NotNull(stillWaiting.WaitingSince);
        Assert.True(started.Since > waiting.Since);
    }

    [Fact]
    public async Task DependencyServiceStartedByOperator_DependentStartsAtOnce()
    {
        await StartAsync(
            Owned("app", "exec sleep 300") with { DependsOn = [new ServiceDependency("db")], CheckInterval = TimeSpan.FromHours(1) },
            null,
            Owned("db", "exec sleep 300") with { Autostart = false });

        var waiting = await WaitAsync("app", s => s.WaitingFor is not null);
        _supervisor!.Send("db", ServiceCommand.Start);
        var db = await WaitAsync("db", s => s.State == ServiceState.Ready);
        var app = await WaitAsync("app", s => s.State == ServiceState.Starting || s.State == ServiceState.Ready);

        Assert.StartsWith("db", waiting.WaitingFor);
        // app polls its dependencies once an hour: starting at all within the wait means db's change woke it.
        Assert.True(app.StartedAt >= db.Since);
    }

    [Fact]
    public async Task Polls_WhileWaitingAndNothingChanged_NoStatusEvents()
    {
        var changes = 0;
        await StartAsync(
            Owned("web", "exec sleep 300") with { DependsOn = [new ServiceDependency("db", new Testing.ScriptedCheck(CheckStatus.Fail))] },
            _ => Interlocked.Increment(ref changes));
        await WaitAsync("web", s => s.WaitingFor is not null);
        await Task.Delay(200);
        var settled = Volatile.Read(ref changes);

        await Task.Delay(1000);

        Assert.Equal(settled, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task Order_LowerOrderStartsFirst()
    {
        var a = Path.Combine(_dir, "a.started");
        var b = Path.Combine(_dir, "b.started");
        await StartAsync(
            Owned("a", $"date +%s%N > {a}; exec sleep 300") with { Order = 2 },
            null,
            Owned("b", $"date +%s%N > {b}; exec sleep 300") with { Order = 1 });

        await WaitAsync("a", s => s.State == ServiceState.Ready);

        Assert.True(long.Parse(File.ReadAllText(b), CultureInfo.InvariantCulture) < long.Parse(File.ReadAllText(a), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Stop_IgnoringTerm_WholeGroupKilledAfterTimeout()
    {
        var grandchildPid = Path.Combine(_dir, "grandchild.pid");
        var service = Owned("stubborn", $"trap '' TERM; sleep 300 & echo $! > {grandchildPid}; while true; do sleep 1; done") with
        {
            Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromMilliseconds(500)),
        };
        var supervisor = await StartAsync(service);
        var running = await WaitAsync("stubborn", s => s.State == ServiceState.Ready);
        var grandchild = int.Parse(File.ReadAllText(grandchildPid).Trim(), CultureInfo.InvariantCulture);

        var stopping = DateTimeOffset.UtcNow;
        supervisor.Send("stubborn", ServiceCommand.Stop);
        var stopped = await WaitAsync("stubborn", s => s.State == ServiceState.Stopped);

        Assert.False(ProcessTable.IsAlive(running.Pid!.Value));
        Assert.False(ProcessTable.IsAlive(grandchild));
        Assert.True(DateTimeOffset.UtcNow - stopping >= TimeSpan.FromMilliseconds(450));
        Assert.Equal(0, stopped.Restarts);
    }

    [Fact]
    public async Task Stop_DescendantEscapedWithSetsid_StoppedWithTheService()
    {
        var escapedPid = Path.Combine(_dir, "escaped.pid");
        var supervisor = await StartAsync(Owned("web", $"setsid sleep 1000 & echo $! > {escapedPid}; exec sleep 1000"));
        var running = await WaitAsync("web", s => s.State == ServiceState.Ready);
        var escaped = await ReadPidAsync(escapedPid);
        // $! is written right after the fork, before the child's setsid: wait until it has left the service's group.
        Assert.True(await EventuallyAsync(() => ProcessTable.ProcessGroupOf(escaped) is { } group && group != running.Pid), "the descendant never left the group");

        supervisor.Send("web", ServiceCommand.Stop);
        await WaitAsync("web", s => s.State == ServiceState.Stopped);

        Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(escaped)), $"escaped descendant {escaped} still runs");
    }

    [Fact]
    public async Task Stop_EscapedDescendantIgnoresTerm_KilledAtStopTimeout()
    {
        var escapedPid = Path.Combine(_dir, "escaped.pid");
        var service = Owned("web", $"trap '' TERM; setsid sleep 1000 & echo $! > {escapedPid}; while true; do sleep 1; done") with
        {
            Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromMilliseconds(500)),
        };
        var supervisor = await StartAsync(service);
        await WaitAsync("web", s => s.State == ServiceState.Ready);
        var escaped = await ReadPidAsync(escapedPid);

        supervisor.Send("web", ServiceCommand.Stop);
        await WaitAsync("web", s => s.State == ServiceState.Stopped);

        Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(escaped)), $"escaped descendant {escaped} still runs");
    }

    [Fact]
    public async Task Crash_DescendantEscapedWithSetsid_KilledWithTheCrashedInstance()
    {
        var escapedPid = Path.Combine(_dir, "escaped.pid");
        var trigger = Path.Combine(_dir, "crash");
        var service = Owned("web", $"setsid sleep 1000 & echo $! > {escapedPid}; while [ ! -e {trigger} ]; do sleep 0.05; done; exit 3") with
        {
            Restart = Fast with { BackoffInitial = TimeSpan.FromMinutes(5), BackoffMax = TimeSpan.FromMinutes(5) },
        };
        await StartAsync(service);
        await WaitAsync("web", s => s.State == ServiceState.Ready);
        var escaped = await ReadPidAsync(escapedPid);

        await File.WriteAllTextAsync(trigger, "now");
        await WaitAsync("web", s => s.State == ServiceState.Backoff);

        Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(escaped)), $"escaped descendant {escaped} still runs");
    }

    [Fact]
    public async Task ExternalDaemon_PidFileLiveness_RestartedByStartCommand()
    {
        var pidFile = Path.Combine(_dir, "legacy.pid");
        var start = $"sh -c 'echo $$ > {pidFile}; exec sleep 300' > /dev/null 2>&1 &";
        var service = new ServiceDefinition
        {
            Name = "legacy",
            StartCommand = start,
            Alive = new PidFileCheck(pidFile),
            Restart = FastDaemon,
            CheckInterval = TimeSpan.FromMilliseconds(100),
        };
        await StartAsync(service);
        await WaitAsync("legacy", s => s.State == ServiceState.Ready);
        var firstPid = await ReadPidAsync(pidFile);

        NativeMethods.KillProcessGroup(firstPid, NativeMethods.SIGKILL);
        Kill(firstPid);
        var restarted = await WaitAsync("legacy", s => s.State == ServiceState.Ready && s.Restarts == 1);
        var secondPid = firstPid;
        Assert.True(await EventuallyAsync(() => (secondPid = TryReadPid(pidFile) ?? firstPid) != firstPid), "the pid file still names the killed daemon");

        Assert.True(ProcessTable.IsAlive(secondPid));
        Assert.Contains("not alive", restarted.LastError);
        await StopThenKillAsync("legacy", secondPid);
    }

    [Fact]
    public async Task ExternalDaemon_PidFileNamesADeadProcessAtTheEndOfItsStartWindow_RestartedByItsLivenessCheck()
    {
        // The daemon forks, writes its pid file and dies at once (a bad configuration, say). Nobody delivers an exit for a
        // daemon Hale does not own: its liveness check finds it dead, and the start window must not wait for an exit that
        // never comes (as it does for an owned child whose exit is on its way).
        var pidFile = Path.Combine(_dir, "legacy.pid");
        var runs = Path.Combine(_dir, "runs");
        await StartAsync(PidFileDaemon($"true & wait $!; echo $! > {pidFile}; echo run >> {runs}", pidFile, Fast));

        var failed = await WaitAsync("legacy", s => s.LastError?.Contains("not alive", StringComparison.Ordinal) == true);
        Assert.True(await EventuallyAsync(() => File.Exists(runs) && File.ReadAllLines(runs).Length >= 2), "the start command did not run again");

        Assert.Matches(@"^exited after [0-9.]+ s \(not alive: ", failed.LastError);
    }

    [Fact]
    public async Task ExternalDaemon_StatusPidIsThePidFileContent_FollowsItAndSignalGoesToIt()
    {
        var pidFile = Path.Combine(_dir, "legacy.pid");
        var marker = Path.Combine(_dir, "hup");
        var script = $"import os, pathlib, signal, time; signal.signal(signal.SIGHUP, lambda *_: pathlib.Path('{marker}').write_text(str(os.getpid()))); "
            + $"pathlib.Path('{pidFile}').write_text(str(os.getpid())); time.sleep(300)";
        await StartAsync(PidFileDaemon($"{Processes.ProcessTestSupport.Python} -c \"{script}\" > /dev/null 2>&1 &", pidFile, FastDaemon));
        var pid = await ReadPidAsync(pidFile);
        try
        {
            var shown = await WaitAsync("legacy", s => s.State == ServiceState.Ready && s.Pid == pid);

            var result = _supervisor!.Signal("legacy", ProcessSignals.Hangup);
            var handled = await ReadPidAsync(marker);

            Assert.Equal(pid, shown.Pid);
            Assert.Equal(new ServiceSignalResult(true, pid, $"SIGHUP sent to pid {pid} (from {pidFile})"), result);
            Assert.Equal(pid, handled);
            Assert.Equal(ServiceState.Ready, _supervisor.GetStatus("legacy")!.State);
        }
        finally
        {
            await StopThenKillAsync("legacy", pid);
        }
    }

    [Fact]
    public async Task ExternalDaemon_WithoutPidFile_SignalNotSentAndSaysWhy()
    {
        var marker = Path.Combine(_dir, "up");
        await StartAsync(new ServiceDefinition
        {
            Name = "legacy",
            StartCommand = $"touch {marker}",
            StopCommand = $"rm -f {marker}",
            Alive = new CommandCheck($"test -e {marker}", TimeSpan.FromSeconds(5), TimeProvider.System),
            Restart = Fast,
            CheckInterval = TimeSpan.FromMilliseconds(100),
        });
        var ready = await WaitAsync("legacy", s => s.State == ServiceState.Ready);

        var result = _supervisor!.Signal("legacy", ProcessSignals.Hangup);

        Assert.Null(ready.Pid);
        Assert.False(result!.Sent);
        Assert.Contains("without a pid file", result.Message);
    }

    [Fact]
    public async Task Signal_OwnedChild_ReachesTheProgramNotItsGroupAndIsNoStop()
    {
        var child = Path.Combine(_dir, "child.pid");
        var marker = Path.Combine(_dir, "usr1");
        var script = $"import os, pathlib, signal, subprocess, time; signal.signal(signal.SIGUSR1, lambda *_: pathlib.Path('{marker}').write_text(str(os.getpid()))); "
            + $"p = subprocess.Popen(['sleep', '300']); pathlib.Path('{child}').write_text(str(p.pid)); time.sleep(300)";
        await StartAsync(Owned("app", $"{Processes.ProcessTestSupport.Python} -c \"{script}\""));
        var ready = await WaitAsync("app", s => s.State == ServiceState.Ready);
        var grandchild = await ReadPidAsync(child);

        var result = _supervisor!.Signal("app", ProcessSignals.User1);
        var handled = await ReadPidAsync(marker);
        var unknown = _supervisor.Signal("nope", ProcessSignals.User1);

        Assert.Equal(new ServiceSignalResult(true, ready.Pid, $"SIGUSR1 sent to pid {ready.Pid}"), result);
        Assert.Equal(ready.Pid, handled);
        Assert.True(ProcessTable.IsAlive(grandchild), "the group got the signal too (sleep dies of SIGUSR1)");
        Assert.Null(unknown);
        var after = _supervisor.GetStatus("app")!;
        Assert.Equal((ServiceState.Ready, ready.Pid, 0), (after.State, after.Pid, after.Restarts));
    }

    [Fact]
    public async Task Signal_KillsTheOwnedChild_CrashRestartedWithBackoff()
    {
        await StartAsync(Owned("web", "sleep 300"));
        var first = await WaitAsync("web", s => s.State == ServiceState.Ready);

        var result = _supervisor!.Signal("web", ProcessSignals.Kill);
        var second = await WaitAsync("web", s => s.State == ServiceState.Ready && s.Pid != first.Pid);

        Assert.True(result!.Sent);
        Assert.Equal(1, second.Restarts);
        Assert.Contains("SIGKILL", second.LastError);
    }

    [Fact]
    public async Task Signal_StoppedService_NotSent()
    {
        await StartAsync(Owned("web", "sleep 300") with { Autostart = false });
        await WaitAsync("web", s => s.State == ServiceState.Stopped);

        var result = _supervisor!.Signal("web", ProcessSignals.Terminate);

        Assert.Equal(new ServiceSignalResult(false, null, "not running (stopped); nothing sent"), result);
    }

    [Fact]
    public async Task Readiness_FailingCheck_RunningUntilItPasses()
    {
        var ready = new Testing.ScriptedCheck(CheckStatus.Fail);
        await StartAsync(Owned("web", "exec sleep 300") with { Ready = ready });

        var running = await WaitAsync("web", s => s.State == ServiceState.Running);
        ready.Healthy = true;
        var isReady = await WaitAsync("web", s => s.State == ServiceState.Ready);

        Assert.Equal(running.Pid, isReady.Pid);
    }

    /// <summary>
    /// Stops a daemon the test started through a start command: first the service (so a kill is not answered by a restart
    /// that would outlive the test), then the process.
    /// </summary>
    private async Task StopThenKillAsync(string service, int pid)
    {
        _supervisor!.Send(service, ServiceCommand.Stop);
        Kill(pid);
        await WaitAsync(service, s => !s.HasInstance);
        var again = await ReadPidAsync(Path.Combine(_dir, "legacy.pid"));
        Kill(again);
    }

    private static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
        }
    }

    private static int? TryReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<int> ReadPidAsync(string pidFile)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no pid in {pidFile}");
    }

    private ServiceDefinition Owned(string name, string command) => new()
    {
        Name = name,
        Run = new ProcessSpec { CommandLine = command, Owner = _owner },
        Restart = Fast,
        CheckInterval = TimeSpan.FromMilliseconds(100),
        Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromSeconds(2)),
    };

    private async Task<Supervisor> StartAsync(ServiceDefinition first, Action<ServiceStatus>? onChange = null, params ServiceDefinition[] more)
    {
        _supervisor = new Supervisor([first, .. more], new SupervisorOptions { Owner = _owner, OrderGroupTimeout = TimeSpan.FromSeconds(5) });
        if (onChange is not null)
        {
            _supervisor.StatusChanged += onChange;
        }

        await _supervisor.StartAsync();
        return _supervisor;
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>A daemon Hale does not own, named legacy: started by <paramref name="start"/>, alive while the pid in
    /// <paramref name="pidFile"/> runs (read every 100 ms).</summary>
    private static ServiceDefinition PidFileDaemon(string start, string pidFile, RestartPolicy restart) => new()
    {
        Name = "legacy",
        StartCommand = start,
        Alive = new PidFileCheck(pidFile),
        PidFile = pidFile,
        Restart = restart,
        CheckInterval = TimeSpan.FromMilliseconds(100),
    };

    private async Task<ServiceStatus> WaitAsync(string service, Func<ServiceStatus, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_supervisor!.GetStatus(service) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{service}: condition not met; last status {_supervisor!.GetStatus(service)}");
    }
}
