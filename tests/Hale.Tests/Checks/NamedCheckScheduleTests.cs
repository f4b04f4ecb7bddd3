using Hale.Checks;
using Hale.Testing;

namespace Hale.Tests.Checks;

public class NamedCheckScheduleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartSchedule_RunsAtOnceThenEveryInterval()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("db", inner, clock);

        check.StartSchedule(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => inner.Calls == 1);
        for (var run = 2; run <= 4; run++)
        {
            await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(5), () => inner.Calls == run);
        }

        Assert.Equal(4, check.RunCount);
        Assert.Equal(TimeSpan.FromSeconds(5), check.Every);
    }

    [Fact]
    public async Task CheckAsync_Scheduled_AnswersLastResultWithoutEvaluating()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("db", inner, clock);
        check.StartSchedule(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => check.Snapshot.LastResult is not null);

        inner.Healthy = false;
        for (var i = 0; i < 50; i++)
        {
            Assert.True((await check.CheckAsync()).IsOk);
        }

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task CheckAsync_ScheduledBeforeFirstResult_WaitsForTheFirstRun()
    {
        var clock = new ManualTimeProvider();
        var gate = new GatedCheck();
        await using var check = new NamedCheck("slow", gate, clock);
        check.StartSchedule(TimeSpan.FromMinutes(1));
        // The schedule's first run is in flight (it starts on a pool thread: a request made before it would run one of its
        // own, and the schedule another once that one had ended).
        await WaitUntilAsync(() => gate.Started == 1);

        var answer = check.CheckAsync().AsTask();
        Assert.False(answer.IsCompleted);
        gate.Open(CheckResult.Fail("down"));

        Assert.Equal(CheckStatus.Fail, (await answer.WaitAsync(Deadline)).Status);
        Assert.Equal(1, gate.Started);
    }

    [Fact]
    public async Task RunNow_Scheduled_RunsAgainBeforeTheInterval()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("db", inner, clock);
        var transitions = new List<CheckTransition>();
        check.Transitioned += t => { lock (transitions) { transitions.Add(t); } };
        check.StartSchedule(TimeSpan.FromHours(1));
        await WaitUntilAsync(() => inner.Calls == 1);

        inner.Healthy = false;
        check.RunNow();

        await WaitUntilAsync(() => check.Snapshot.Status == CheckStatus.Fail);
        Assert.Equal(2, inner.Calls);
        lock (transitions)
        {
            Assert.Equal([CheckStatus.Ok, CheckStatus.Fail], transitions.Select(t => t.To));
        }
    }

    [Fact]
    public async Task RunNow_NotScheduled_DoesNotEvaluate()
    {
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("db", inner);

        check.RunNow();
        await Task.Yield();

        Assert.Equal(0, inner.Calls);
        Assert.Null(check.Every);
    }

    [Fact]
    public async Task ChangeSource_Scheduled_RunsAtOnceWhenAnInnerCheckChangesOnItsOwn()
    {
        var clock = new ManualTimeProvider();
        var source = new ChangingCheck();
        await using var check = new NamedCheck("latch", source, clock);
        check.StartSchedule(TimeSpan.FromHours(1));
        await WaitUntilAsync(() => check.Snapshot.Status == CheckStatus.Ok);

        source.Set(CheckStatus.Fail);

        await WaitUntilAsync(() => check.Snapshot.Status == CheckStatus.Fail);
    }

    [Fact]
    public async Task DisposeAsync_StopsTheSchedule()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        var check = new NamedCheck("db", inner, clock);
        check.StartSchedule(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => inner.Calls == 1);

        await check.DisposeAsync();
        clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);

        Assert.Equal(1, inner.Calls);
        Assert.Throws<ObjectDisposedException>(() => check.StartSchedule(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task DisposeAsync_RunInFlight_EndsOnlyWithTheRun_AndNoRunFollows()
    {
        var clock = new ManualTimeProvider();
        var inner = new UncancellableCheck();
        var check = new NamedCheck("slow", inner, clock);
        check.StartSchedule(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => inner.Started == 1);

        var disposal = check.DisposeAsync().AsTask();
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        Assert.False(disposal.IsCompleted, "disposal ended while a run was still in flight");

        inner.Finish();
        await disposal.WaitAsync(Deadline);
        clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        Assert.Equal(1, inner.Started);
    }

    [Fact]
    public async Task DisposeAsync_WhileRunNowRequestsRace_AlwaysEnds()
    {
        // Disposal waits for the loop only while it runs; each round asks for runs from another thread as disposal begins, so
        // that the loop lets go of the schedule before, during and after the cancellation: every disposal must end.
        for (var round = 0; round < 200; round++)
        {
            var clock = new ManualTimeProvider();
            var inner = new ScriptedCheck();
            var check = new NamedCheck("db", inner, clock);
            check.StartSchedule(TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => inner.Calls >= 1);
            using var stop = new CancellationTokenSource();
            var asking = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    check.RunNow();
                }
            });

            await check.DisposeAsync().AsTask().WaitAsync(Deadline);
            await stop.CancelAsync();
            await asking.WaitAsync(Deadline);
            var calls = inner.Calls;
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System);
            Assert.Equal(calls, inner.Calls);
        }
    }

    [Fact]
    public async Task StartSchedule_FirstRunWithin_SpreadsFirstRunsWithinTheBound()
    {
        const int Checks = 40;
        var clock = new ManualTimeProvider();
        await using var set = new CheckSet(Checks, "check", clock);
        foreach (var check in set.Checks)
        {
            check.StartSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        // Each check has queued one run: its first, or (having run at once) its second.
        var scheduler = CheckScheduler.For(clock);
        await WaitUntilAsync(() => scheduler.Pending == Checks);
        var firstRunStep = new int?[Checks];
        Record(0);
        Assert.True(firstRunStep.Count(step => step == 0) < Checks / 4, "most checks ran at once");
        for (var step = 1; step <= 10; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await WaitUntilAsync(() => scheduler.Pending == Checks);
            Record(step);
        }

        // All ran within the bound (1 s), spread over its tenths.
        Assert.All(firstRunStep, step => Assert.NotNull(step));
        Assert.True(firstRunStep.Distinct().Count() >= 6, $"first runs at steps {string.Join(", ", firstRunStep)}");

        void Record(int step)
        {
            for (var i = 0; i < Checks; i++)
            {
                firstRunStep[i] ??= set.Inners[i].Calls >= 1 ? step : null;
            }
        }
    }

    [Fact]
    public async Task StartSchedule_ManyChecks_ShareOneTimerAndAllRunEachInterval()
    {
        const int Checks = 50;
        var clock = new ManualTimeProvider();
        await using var set = new CheckSet(Checks, "shared", clock);
        foreach (var check in set.Checks)
        {
            check.StartSchedule(TimeSpan.FromSeconds(1));
        }

        var scheduler = CheckScheduler.For(clock);
        await WaitUntilAsync(() => set.Inners.All(i => i.Calls == 1) && scheduler.Pending == Checks);
        Assert.Equal(1, clock.ActiveTimerCount);

        clock.Advance(TimeSpan.FromSeconds(1));

        await WaitUntilAsync(() => set.Inners.All(i => i.Calls == 2) && scheduler.Pending == Checks);
        Assert.Equal(1, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task RunNow_ManyWhileRunsComeAndGo_NoRunIsLostAndTheScheduleGoesOn()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("busy", inner, clock);
        check.StartSchedule(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => inner.Calls == 1);

        // Requests from two threads race the runs they cause; each burst must end in a run that follows it.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                check.RunNow();
            }
        })));
        await WaitUntilAsync(() => inner.Calls >= 2);
        var afterBurst = inner.Calls;
        check.RunNow();
        await WaitUntilAsync(() => inner.Calls > afterBurst);

        for (var second = 1; second <= 3; second++)
        {
            var before = inner.Calls;
            await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => inner.Calls > before);
        }
    }

    [Fact]
    public async Task Schedule_TransitionedHandlerThrows_RunsGoOn()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("handled", inner, clock);
        check.Transitioned += _ => throw new InvalidOperationException("a faulty subscriber");
        check.StartSchedule(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => inner.Calls == 1);

        inner.Healthy = false;
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => inner.Calls == 2);
        await AdvanceUntilAsync(clock, TimeSpan.FromSeconds(1), () => inner.Calls == 3);

        Assert.Equal(CheckStatus.Fail, check.Snapshot.Status);
    }

    [Fact]
    public void FirstRunDelay_Names_WithinTheBoundAndSpread()
    {
        var within = TimeSpan.FromSeconds(1);
        var delays = Enumerable.Range(0, 1000).Select(i => NamedCheck.FirstRunDelay($"tcp{i}", within)).ToArray();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, within - TimeSpan.FromTicks(1)));
        Assert.All(Enumerable.Range(0, 10), tenth => Assert.InRange(delays.Count(d => (int)(d.TotalMilliseconds / 100) == tenth), 50, 150));
        Assert.Equal(delays[7], NamedCheck.FirstRunDelay("tcp7", within));
        Assert.Equal(TimeSpan.Zero, NamedCheck.FirstRunDelay("tcp7", TimeSpan.Zero));
    }

    [Fact]
    public async Task CheckAsync_BeforeAJitteredFirstRun_RunsItAtOnce()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("late", inner, clock);
        check.StartSchedule(TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        await WaitUntilAsync(() => clock.ActiveTimerCount == 1);

        var result = await check.CheckAsync().AsTask().WaitAsync(Deadline);

        Assert.True(result.IsOk);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Schedule_RunOverrunsTheInterval_RecordsTheLag()
    {
        var lags = new System.Collections.Concurrent.ConcurrentQueue<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HaleMetrics.MeterName && instrument.Name == "hale.check.schedule_lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lags.Enqueue(value));
        listener.Start();
        var clock = new ManualTimeProvider();
        var inner = new SlowFirstRun(clock, TimeSpan.FromSeconds(2.5));
        await using var check = new NamedCheck("slow", inner, clock);

        // Run 1 at 0 takes 2.5 s; run 2 was planned at 1 s and starts at once, at 2.5 s: 1.5 s late.
        check.StartSchedule(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => inner.Calls == 2);

        await WaitUntilAsync(() => lags.Contains(1.5));
    }

    [Fact]
    public void StartSchedule_NotPositive_Throws()
    {
        var check = new NamedCheck("db", new ScriptedCheck());
        Assert.Throws<ArgumentOutOfRangeException>(() => check.StartSchedule(TimeSpan.Zero));
    }

    private static async Task AdvanceUntilAsync(ManualTimeProvider clock, TimeSpan step, Func<bool> condition)
    {
        // The loop arms its next delay asynchronously after a run: advance only once that delay is armed.
        await WaitUntilAsync(() => clock.ActiveTimerCount > 0);
        clock.Advance(step);
        await WaitUntilAsync(condition);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, "condition not met in time");
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }
    }

    private sealed class ChangingCheck : ICheck, ICheckChangeSource
    {
        private volatile CheckStatus _status = CheckStatus.Ok;

        public event Action? Changed;

        public void Set(CheckStatus status)
        {
            _status = status;
            Changed?.Invoke();
        }

        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new CheckResult(_status, "set by the test"));
    }

    /// <summary>A check whose run ignores cancellation: it ends when the test says so.</summary>
    private sealed class UncancellableCheck : ICheck
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public void Finish() => _finish.TrySetResult();

        public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _started);
            await _finish.Task.ConfigureAwait(false);
            return CheckResult.Ok();
        }
    }

    private sealed class SlowFirstRun(ManualTimeProvider clock, TimeSpan duration) : ICheck
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                clock.Advance(duration);
            }

            return ValueTask.FromResult(CheckResult.Ok());
        }
    }

    /// <summary>Named checks over scripted inner checks on one clock, disposed together.</summary>
    private sealed class CheckSet : IAsyncDisposable
    {
        public CheckSet(int count, string prefix, ManualTimeProvider clock)
        {
            Inners = [.. Enumerable.Range(0, count).Select(_ => new ScriptedCheck())];
            Checks = [.. Inners.Select((inner, i) => new NamedCheck($"{prefix}-{i}", inner, clock))];
        }

        public ScriptedCheck[] Inners { get; }

        public NamedCheck[] Checks { get; }

        public async ValueTask DisposeAsync()
        {
            foreach (var check in Checks)
            {
                await check.DisposeAsync();
            }
        }
    }
}
