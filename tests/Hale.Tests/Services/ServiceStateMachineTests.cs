using Hale.Services;

namespace Hale.Tests.Services;

public class ServiceStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RestartPolicy Restart = new()
    {
        BackoffInitial = TimeSpan.FromMilliseconds(200),
        BackoffMax = TimeSpan.FromSeconds(30),
        Jitter = 0.2,
        ResetAfter = TimeSpan.FromSeconds(60),
        StartWindow = TimeSpan.FromSeconds(1),
        Limit = new StartLimit(10, TimeSpan.FromSeconds(150), TimeSpan.FromMinutes(5)),
    };

    private static readonly ServicePolicies Plain = new(Restart, StopPolicy.Default, HasReadinessCheck: false);
    private static readonly ServicePolicies WithReadiness = Plain with { HasReadinessCheck = true };

    private DateTimeOffset _now = T0;

    [Fact]
    public void Dependencies_AllHealthy_StartsAtOnce()
    {
        var (s, effect) = Apply(ServiceStatus.Initial("web", T0), new ServiceInput.Dependencies(null));

        Assert.Equal(ServiceEffect.Start, effect);
        Assert.Equal(ServiceState.Starting, s.State);
        Assert.Equal(T0, s.StartedAt);
    }

    [Fact]
    public void StartWindowPassed_WithoutReadinessCheck_Ready()
    {
        var s = Started(Plain);

        _now += TimeSpan.FromSeconds(1);
        var (next, _) = Apply(s, new ServiceInput.Tick(), Plain);

        Assert.Equal(ServiceState.Ready, next.State);
        Assert.Equal(T0 + TimeSpan.FromSeconds(1), ServiceStateMachine.NextWakeAt(s, Plain));
    }

    [Fact]
    public void Started_ExecLaterThanDecision_StartWindowRunsFromExec()
    {
        var s = Apply(ServiceStatus.Initial("web", T0), new ServiceInput.Dependencies(null)).Status;
        _now = T0 + TimeSpan.FromSeconds(3);
        s = Apply(s, new ServiceInput.Started(4242, _now)).Status;

        var (afterTick, _) = Apply(s, new ServiceInput.Tick());
        var (afterExit, _) = Apply(afterTick, new ServiceInput.Exited("exit 1", _now + TimeSpan.FromMilliseconds(500)), random: 0);

        Assert.Equal(_now, s.StartedAt);
        Assert.Equal(_now + TimeSpan.FromSeconds(1), ServiceStateMachine.NextWakeAt(s, Plain));
        Assert.Equal(ServiceState.Starting, afterTick.State);
        Assert.Equal(ServiceState.Backoff, afterExit.State);
        Assert.StartsWith("exited within its start window", afterExit.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void StartWindowPassed_WithReadinessCheck_RunningThenReadyThenRunning()
    {
        var s = Started(WithReadiness);
        _now += TimeSpan.FromSeconds(1);
        s = Apply(s, new ServiceInput.Tick(), WithReadiness).Status;
        var running = s.State;

        s = Apply(s, new ServiceInput.Readiness(true, "200"), WithReadiness).Status;
        var ready = s.State;
        s = Apply(s, new ServiceInput.Readiness(false, "503"), WithReadiness).Status;

        Assert.Equal(ServiceState.Running, running);
        Assert.Equal(ServiceState.Ready, ready);
        Assert.Equal(ServiceState.Running, s.State);
    }

    [Fact]
    public void Exited_WithinStartWindow_IsFailedStartEvenIfProcessedLate()
    {
        var s = Started(Plain);
        _now += TimeSpan.FromSeconds(2);
        s = Apply(s, new ServiceInput.Tick(), Plain).Status;
        Assert.Equal(ServiceState.Ready, s.State);

        var (next, effect) = Apply(s, new ServiceInput.Exited("exit 1", T0 + TimeSpan.FromMilliseconds(900)), Plain);

        Assert.Equal(ServiceState.Backoff, next.State);
        Assert.Equal(ServiceEffect.None, effect);
        Assert.Contains("start window", next.LastError);
        Assert.Equal(1, next.ConsecutiveFailures);
    }

    [Fact]
    public void CrashLoop_BackoffDoublesUpToMax()
    {
        var s = ServiceStatus.Initial("web", T0);
        s = Apply(s, new ServiceInput.Dependencies(null), Plain, random: 0).Status;
        var delays = new List<TimeSpan>();
        var loose = Plain with { Restart = Restart with { Limit = new StartLimit(1000, TimeSpan.FromSeconds(1), null) } };

        for (var i = 0; i < 10; i++)
        {
            s = Apply(s, new ServiceInput.Started(100 + i), loose, random: 0).Status;
            _now += TimeSpan.FromMilliseconds(10);
            s = Apply(s, new ServiceInput.Exited("exit 1", _now), loose, random: 0).Status;
            delays.Add(s.NextStartAt!.Value - _now);
            _now = s.NextStartAt!.Value;
            var (next, effect) = Apply(s, new ServiceInput.Tick(), loose, random: 0);
            Assert.Equal(ServiceEffect.Start, effect);
            s = next;
        }

        Assert.Equal([200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000], delays.Select(d => (int)d.TotalMilliseconds));
        Assert.Equal(10, s.Restarts);
    }

    [Fact]
    public void Backoff_Jitter_NeverAboveBaseNorBelowItsShare()
    {
        var low = Restart.DelayAfter(3, 0.999);
        var high = Restart.DelayAfter(3, 0);

        Assert.Equal(TimeSpan.FromMilliseconds(800), high);
        Assert.InRange(low.TotalMilliseconds, 640, 800);
    }

    [Fact]
    public void Backoff_ZeroInitial_RestartsInTheSameTransition()
    {
        var zero = Plain with { Restart = Restart with { BackoffInitial = TimeSpan.Zero } };
        var s = Started(zero);
        _now += TimeSpan.FromSeconds(5);
        s = Apply(s, new ServiceInput.Tick(), zero).Status;

        var (next, effect) = Apply(s, new ServiceInput.Exited("killed by SIGKILL", _now), zero);

        Assert.Equal(ServiceEffect.Start, effect);
        Assert.Equal(ServiceState.Starting, next.State);
        Assert.Equal(1, next.Restarts);
    }

    [Fact]
    public void ResetAfter_StableRunThenCrash_BackoffFromInitial()
    {
        var s = Started(Plain) with { ConsecutiveFailures = 6 };
        _now += TimeSpan.FromSeconds(61);
        s = Apply(s, new ServiceInput.Tick(), Plain).Status;

        var next = Apply(s, new ServiceInput.Exited("exit 1", _now), Plain, random: 0).Status;

        Assert.Equal(1, next.ConsecutiveFailures);
        Assert.Equal(_now + TimeSpan.FromMilliseconds(200), next.NextStartAt);
    }

    [Fact]
    public void StartLimit_ReachedInWindow_HeldThenStartsAfterHold()
    {
        var zero = Plain with { Restart = Restart with { BackoffInitial = TimeSpan.Zero } };
        var s = Apply(ServiceStatus.Initial("web", T0), new ServiceInput.Dependencies(null), zero).Status;
        for (var i = 0; i < 9; i++)
        {
            _now += TimeSpan.FromSeconds(2);
            s = Apply(s, new ServiceInput.Exited("exit 1", _now), zero).Status;
            Assert.Equal(ServiceState.Starting, s.State);
        }

        _now += TimeSpan.FromSeconds(2);
        var (held, effect) = Apply(s, new ServiceInput.Exited("exit 1", _now), zero);
        var heldAt = _now;
        _now += TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1);
        var stillHeld = Apply(held, new ServiceInput.Tick(), zero).Status;
        _now += TimeSpan.FromSeconds(1);
        var (released, releaseEffect) = Apply(stillHeld, new ServiceInput.Tick(), zero);

        Assert.Equal(ServiceState.Fatal, held.State);
        Assert.Equal(ServiceEffect.None, effect);
        Assert.Equal(heldAt + TimeSpan.FromMinutes(5), held.HeldUntil);
        Assert.Contains("held", held.LastError);
        Assert.Equal(ServiceState.Fatal, stillHeld.State);
        Assert.Equal(ServiceState.Starting, released.State);
        Assert.Equal(ServiceEffect.Start, releaseEffect);
    }

    [Fact]
    public void StartLimit_StartsSpreadBeyondWindow_NeverHeld()
    {
        var zero = Plain with { Restart = Restart with { BackoffInitial = TimeSpan.Zero } };
        var s = Apply(ServiceStatus.Initial("web", T0), new ServiceInput.Dependencies(null), zero).Status;
        for (var i = 0; i < 30; i++)
        {
            _now += TimeSpan.FromSeconds(20);
            s = Apply(s, new ServiceInput.Exited("exit 1", _now), zero).Status;
        }

        Assert.Equal(ServiceState.Starting, s.State);
    }

    [Fact]
    public void Hold_UntilReset_OnlyAnOperatorReleasesIt()
    {
        var untilReset = Plain with { Restart = Restart with { Limit = new StartLimit(1, TimeSpan.FromMinutes(1), null) } };
        var s = Started(untilReset);
        s = Apply(s, new ServiceInput.Exited("exit 1", _now), untilReset).Status;
        _now += TimeSpan.FromSeconds(1);
        s = Apply(s, new ServiceInput.Tick(), untilReset).Status;
        _now += TimeSpan.FromHours(5);
        s = Apply(s, new ServiceInput.Tick(), untilReset).Status;
        Assert.Equal(ServiceState.Fatal, s.State);

        var (reset, effect) = Apply(s, new ServiceInput.Operator(ServiceCommand.Reset), untilReset);

        Assert.Equal(ServiceEffect.Start, effect);
        Assert.Equal(ServiceState.Starting, reset.State);
        Assert.Null(ServiceStateMachine.NextWakeAt(s, untilReset));
    }

    [Fact]
    public void DependencyDown_Waits_ThenStartsAtOnceWithBackoffReset()
    {
        var s = Started(Plain);
        s = Apply(s, new ServiceInput.Exited("exit 1", _now + TimeSpan.FromMilliseconds(10)), Plain).Status with { ConsecutiveFailures = 7, NextStartAt = _now + TimeSpan.FromSeconds(30) };
        s = Apply(s, new ServiceInput.Dependencies("db: connection refused"), Plain).Status;
        var waitingSince = _now;
        _now += TimeSpan.FromMinutes(2);
        var (waiting, waitingEffect) = Apply(s, new ServiceInput.Tick(), Plain);

        _now += TimeSpan.FromSeconds(1);
        var (started, effect) = Apply(waiting, new ServiceInput.Dependencies(null), Plain);

        Assert.Equal(ServiceEffect.None, waitingEffect);
        Assert.Equal("db: connection refused", waiting.WaitingFor);
        Assert.Equal(waitingSince, waiting.WaitingSince);
        Assert.Equal(ServiceEffect.Start, effect);
        Assert.Equal(0, started.ConsecutiveFailures);
        Assert.Null(started.WaitingFor);
    }

    [Fact]
    public void DependencyDown_WhileRunning_KeepsRunning()
    {
        var s = Started(Plain);

        var (next, effect) = Apply(s, new ServiceInput.Dependencies("db: down"), Plain);

        Assert.Equal(ServiceState.Starting, next.State);
        Assert.Equal(ServiceEffect.None, effect);
    }

    [Fact]
    public void Stop_SignalThenKillAtTimeoutThenStopped()
    {
        var s = Started(Plain);
        var (stopping, stopEffect) = Apply(s, new ServiceInput.Operator(ServiceCommand.Stop), Plain);
        _now += StopPolicy.Default.Timeout;
        var (killing, killEffect) = Apply(stopping, new ServiceInput.Tick(), Plain);
        var (stopped, _) = Apply(killing, new ServiceInput.Exited("killed by SIGKILL", _now), Plain);
        _now += TimeSpan.FromMinutes(10);
        var (later, laterEffect) = Apply(stopped, new ServiceInput.Tick(), Plain);

        Assert.Equal(ServiceEffect.Stop, stopEffect);
        Assert.Equal(ServiceState.Stopping, stopping.State);
        Assert.Equal(ServiceEffect.Kill, killEffect);
        Assert.Equal(ServiceState.Stopped, stopped.State);
        Assert.Equal(0, stopped.Restarts);
        Assert.Equal(ServiceState.Stopped, later.State);
        Assert.Equal(ServiceEffect.None, laterEffect);
    }

    [Fact]
    public void Stop_DuringBackoff_StoppedAndNeverStarts()
    {
        var s = Started(Plain);
        s = Apply(s, new ServiceInput.Exited("exit 1", _now), Plain).Status;

        var (stopped, _) = Apply(s, new ServiceInput.Operator(ServiceCommand.Stop), Plain);
        _now += TimeSpan.FromMinutes(1);
        var (later, effect) = Apply(stopped, new ServiceInput.Tick(), Plain);

        Assert.Equal(ServiceState.Stopped, later.State);
        Assert.Equal(ServiceEffect.None, effect);
    }

    [Fact]
    public void Restart_Running_StopsThenStartsAtOnce()
    {
        var s = Started(Plain) with { ConsecutiveFailures = 4 };
        var (stopping, stopEffect) = Apply(s, new ServiceInput.Operator(ServiceCommand.Restart), Plain);

        var (started, effect) = Apply(stopping, new ServiceInput.Exited("killed by SIGTERM", _now), Plain);

        Assert.Equal(ServiceEffect.Stop, stopEffect);
        Assert.Equal(ServiceEffect.Start, effect);
        Assert.Equal(ServiceState.Starting, started.State);
        Assert.Equal(0, started.Restarts);
    }

    [Fact]
    public void Start_AfterOperatorStop_StartsWhenAllowed()
    {
        var s = Apply(ServiceStatus.Initial("web", T0, autostart: false), new ServiceInput.Dependencies(null), Plain).Status;
        Assert.Equal(ServiceState.Stopped, s.State);

        var (next, effect) = Apply(s, new ServiceInput.Operator(ServiceCommand.Start), Plain);

        Assert.Equal(ServiceEffect.Start, effect);
        Assert.Equal(ServiceState.Starting, next.State);
    }

    [Fact]
    public void StartFailed_IsAFailedStartWithBackoff()
    {
        var s = Apply(ServiceStatus.Initial("web", T0), new ServiceInput.Dependencies(null), Plain).Status;

        var (next, _) = Apply(s, new ServiceInput.StartFailed("no such user 'www-data'"), Plain, random: 0);

        Assert.Equal(ServiceState.Backoff, next.State);
        Assert.Equal("start failed: no such user 'www-data'", next.LastError);
        Assert.Equal(_now + TimeSpan.FromMilliseconds(200), next.NextStartAt);
    }

    [Fact]
    public void StartWithheld_Starting_StoppedNotWantedAndNeitherFailedNorCounted()
    {
        var s = Apply(ServiceStatus.Initial("web", T0), new ServiceInput.Dependencies(null), Plain).Status;
        Assert.Single(s.RecentStarts);

        var (next, effect) = Apply(s, new ServiceInput.StartWithheld("n1 is not the active member of group db"), Plain);

        Assert.Equal((ServiceState.Stopped, ServiceEffect.None, false), (next.State, effect, next.Wanted));
        Assert.Equal("start withheld: n1 is not the active member of group db", next.LastError);
        Assert.Equal((0, 0, null, null), (next.Restarts, next.ConsecutiveFailures, next.NextStartAt, next.StartedAt));
        Assert.Empty(next.RecentStarts);
        Assert.Null(ServiceStateMachine.NextWakeAt(next, Plain));
    }

    [Fact]
    public void StartWithheld_InstanceAlreadyStarted_Ignored()
    {
        var s = Started(Plain);

        var (next, effect) = Apply(s, new ServiceInput.StartWithheld("late"), Plain);

        Assert.Same(s, next);
        Assert.Equal(ServiceEffect.None, effect);
    }

    [Fact]
    public void PidChanged_RunningInstance_PidUpdatedStateKept()
    {
        var s = Started(Plain);
        _now += TimeSpan.FromSeconds(1);
        s = Apply(s, new ServiceInput.Tick()).Status;

        var (next, effect) = Apply(s, new ServiceInput.PidChanged(5151));
        var (gone, _) = Apply(next, new ServiceInput.PidChanged(null));

        Assert.Equal((ServiceState.Ready, 5151, ServiceEffect.None), (next.State, next.Pid, effect));
        Assert.Equal(s.Since, next.Since);
        Assert.Null(gone.Pid);
    }

    [Fact]
    public void PidChanged_NoInstance_Ignored()
    {
        var stopped = ServiceStatus.Initial("web", T0, autostart: false);

        var (next, effect) = Apply(stopped, new ServiceInput.PidChanged(5151));

        Assert.Equal((stopped, ServiceEffect.None), (next, effect));
    }

    [Fact]
    public void Exited_Crash_KeepsLastExitWithCodeAndTime()
    {
        var s = Started(Plain);
        _now += TimeSpan.FromSeconds(5);

        var (next, _) = Apply(s, new ServiceInput.Exited("exit 3", _now - TimeSpan.FromMilliseconds(10), ExitCode: 3), Plain);

        Assert.Equal(new ServiceExit(_now - TimeSpan.FromMilliseconds(10), 3, null, "exit 3"), next.LastExit);
    }

    [Fact]
    public void Exited_PlannedStop_KeepsLastExitWithSignal()
    {
        var s = Apply(Started(Plain), new ServiceInput.Operator(ServiceCommand.Stop), Plain).Status;

        var (next, _) = Apply(s, new ServiceInput.Exited("killed by SIGTERM", _now, Signal: "SIGTERM"), Plain);

        Assert.Equal(ServiceState.Stopped, next.State);
        Assert.Equal("SIGTERM", next.LastExit!.Signal);
        Assert.Null(next.LastExit.ExitCode);
    }

    [Fact]
    public void NextWakeAt_BackoffWhileWaitingForDependency_NoWakeUp()
    {
        var s = Started(Plain);
        _now += TimeSpan.FromSeconds(5);
        var backoff = Apply(s, new ServiceInput.Exited("exit 1", _now), Plain, random: 0).Status;
        var waiting = Apply(backoff, new ServiceInput.Dependencies("db (stopped)"), Plain).Status;
        _now = backoff.NextStartAt!.Value + TimeSpan.FromSeconds(1);

        var (afterTick, effect) = Apply(waiting, new ServiceInput.Tick(), Plain);

        Assert.Equal(backoff.NextStartAt, ServiceStateMachine.NextWakeAt(backoff, Plain));
        Assert.Equal(ServiceEffect.None, effect);
        Assert.Null(ServiceStateMachine.NextWakeAt(afterTick, Plain));
    }

    private ServiceStatus Started(ServicePolicies policies)
    {
        var s = Apply(ServiceStatus.Initial("web", _now), new ServiceInput.Dependencies(null), policies).Status;
        return Apply(s, new ServiceInput.Started(4242), policies).Status;
    }

    private ServiceTransition Apply(ServiceStatus s, ServiceInput input, ServicePolicies? policies = null, double random = 0.5) =>
        ServiceStateMachine.Apply(s, input, _now, policies ?? Plain, random);
}
