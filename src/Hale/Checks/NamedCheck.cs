namespace Hale.Checks;

/// <summary>
/// A named, top-level check: what a component serves and what other checks refer to by name (they share its state).
/// Every result is recorded for <see cref="Snapshot"/> and <see cref="Transitioned"/>.
/// </summary>
/// <remarks>
/// <para>A named check is evaluated in one of two ways, never both:</para>
/// <list type="bullet">
/// <item><b>On request</b> (the default, failover's model): each <see cref="CheckAsync"/> evaluates the inner check, and
/// concurrent callers share one in-flight evaluation (load balancers poll hard; Hale never amplifies).</item>
/// <item><b>On its own schedule</b>, once <see cref="StartSchedule(TimeSpan, TimeSpan)"/> is called (by the engine, for every check that
/// something inside Hale consumes): the inner check is evaluated every <see cref="Every"/>, measured from the start
/// of the previous run, runs never overlap (the planned runs of every check on a clock wait in one queue behind one timer,
/// and start on pool threads), and <see cref="CheckAsync"/> answers the last result without evaluating
/// (before the first run completes, callers wait for it; a caller before the first run makes it run at once). The first run
/// may be delayed by a fraction of the interval (<see cref="StartSchedule(TimeSpan, TimeSpan)"/>) so that many checks started
/// together spread their runs. Hysteresis inside counts this loop's runs only.
/// <see cref="RunNow"/> asks for a run at once (a check it refers to changed).</item>
/// </list>
/// <para>The shared evaluation runs under this check's own lifetime, not the first caller's token: a caller that gives up
/// (a client that disconnects) stops waiting without cancelling the evaluation for the others. When a part of the inner
/// tree changes on its own (an <see cref="ICheckChangeSource"/>, such as a background check), the check is evaluated again
/// at once, so its transitions are seen without a request. Thread-safe.</para>
/// </remarks>
public sealed partial class NamedCheck : ICheck, ICompositeCheck, IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ICheckChangeSource[] _changeSources;
    private readonly TaskCompletionSource<CheckResult> _firstResult = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ScheduledRun _scheduledRun;
    private Task<CheckResult>? _inFlight;
    // A run writes only its result and time (under _lock). A snapshot object made at every run lives one interval, long enough
    // to outlive the collections in between: with 10,000 checks every second (before gen1's budget was capped) the heap grew
    // 1.3 MB/s until they were collected, 0.5 MB/s without them (bench/RESULTS.md). _status holds what changes at a transition;
    // Snapshot joins the two at its first read after a run.
    private CheckSnapshot _status;
    private CheckResult? _lastResult;
    private DateTimeOffset _lastCheckedAt;
    private CheckSnapshot? _published;
    private CheckScheduler? _scheduler;
    private readonly TaskCompletionSource _loopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _origin;
    private TimeSpan _planned;
    private long _generation;
    private int _running;
    private int _disposed;
    private int _runRequested;
    private long _runCount;

    /// <summary>Creates the named check; nothing is evaluated before a request or <see cref="StartSchedule(TimeSpan, TimeSpan)"/>.</summary>
    /// <param name="name">The name; not empty.</param>
    /// <param name="inner">The check evaluated.</param>
    /// <param name="timeProvider">The clock for timestamps and the schedule; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public NamedCheck(string name, ICheck inner, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inner);
        Name = name;
        Inner = inner;
        _time = timeProvider ?? TimeProvider.System;
        _status = new CheckSnapshot(name, null, null, null, null, null);
        _changeSources = [.. CheckTree.Walk(inner).OfType<ICheckChangeSource>()];
        _scheduledRun = new ScheduledRun(this);
        foreach (var source in _changeSources)
        {
            source.Changed += OnInnerChanged;
        }
    }

    /// <summary>Raised on every change of status (and the first observation). Handlers must be quick and not throw.</summary>
    public event Action<CheckTransition>? Transitioned;

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The check evaluated.</summary>
    public ICheck Inner { get; }

    /// <summary>The last known status, result and transition; never evaluates the check. Reads after the same run return the
    /// same object.</summary>
    public CheckSnapshot Snapshot
    {
        get
        {
            if (Volatile.Read(ref _published) is { } published)
            {
                return published;
            }

            lock (_lock)
            {
                return _published ??= _lastResult is null ? _status : _status with { LastResult = _lastResult, LastCheckedAt = _lastCheckedAt };
            }
        }
    }

    /// <summary>The last status observed, null before the first observation: <see cref="Snapshot"/>'s status without making a
    /// snapshot (for readers of every check, such as a metrics scrape). Never evaluates the check. Thread-safe.</summary>
    public CheckStatus? Status => Volatile.Read(ref _status).Status;

    /// <summary>How long the last completed evaluation took (as the probe reported it, or measured on the check's clock); null
    /// before the first. For readers of every check, such as a metrics scrape: no snapshot is made. Never evaluates the check.
    /// Thread-safe.</summary>
    public TimeSpan? LastDuration => LastResult?.Duration;

    private CheckResult? LastResult
    {
        get
        {
            lock (_lock)
            {
                return _lastResult;
            }
        }
    }

    /// <summary>The interval of the schedule; null while the check is evaluated on request.</summary>
    public TimeSpan? Every { get; private set; }

    /// <summary>How many evaluations of the inner check have completed (by requests or by the schedule).</summary>
    public long RunCount => Interlocked.Read(ref _runCount);

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks => [Inner];

    /// <summary>
    /// Evaluates the check on its own loop from now on: a first run at once, then one every <paramref name="every"/>.
    /// From then on <see cref="CheckAsync"/> answers the last result. Calling it again has no effect.
    /// </summary>
    /// <param name="every">Time between the starts of two runs; greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is not positive.</exception>
    /// <exception cref="ObjectDisposedException">The check was disposed.</exception>
    public void StartSchedule(TimeSpan every) => StartSchedule(every, TimeSpan.Zero);

    /// <summary>
    /// Evaluates the check on its own loop from now on: a first run after a delay in [0, <paramref name="firstRunWithin"/>)
    /// (a fraction of it fixed by a hash of the name, so that many checks started together do not all run in the same
    /// millisecond), then one every <paramref name="every"/>. Until the first run completes the status is unknown; a
    /// <see cref="CheckAsync"/> or <see cref="RunNow"/> meanwhile makes the first run start at once (callers wait for it).
    /// From then on <see cref="CheckAsync"/> answers the last result. Calling it again has no effect.
    /// </summary>
    /// <param name="every">Time between the starts of two runs; greater than zero.</param>
    /// <param name="firstRunWithin">The bound of the first run's delay: zero (at once) or more; the engine passes
    /// min(<paramref name="every"/>, 1 s).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is not positive, or
    /// <paramref name="firstRunWithin"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The check was disposed.</exception>
    public void StartSchedule(TimeSpan every, TimeSpan firstRunWithin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstRunWithin, TimeSpan.Zero);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            if (_scheduler is not null)
            {
                return;
            }

            _origin = _time.GetTimestamp();
            _planned = FirstRunDelay(Name, firstRunWithin);
            Every = every;
            _scheduler = CheckScheduler.For(_time);
        }

        ScheduleNext(_planned);
    }

    /// <summary>
    /// Asks the schedule for a run at once (coalesced: several requests during a run cause one more run). Without a schedule,
    /// does nothing: the next request evaluates anyway.
    /// </summary>
    public void RunNow()
    {
        if (Volatile.Read(ref _scheduler) is null)
        {
            return;
        }

        // The flag first, then the look at the loop (both full fences): a run that is ending sees the flag, or this sees it
        // ended and starts one.
        Interlocked.Exchange(ref _runRequested, 1);
        if (Volatile.Read(ref _running) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_scheduledRun, preferLocal: false);
        }
    }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (Every is not null)
        {
            if (LastResult is { } last)
            {
                return ValueTask.FromResult(last);
            }

            // Before the schedule's first result: the loop runs at once (it may be waiting out its first-run delay) and
            // every caller waits for that run, so only the loop ever evaluates a scheduled check.
            bool running;
            lock (_lock)
            {
                running = _inFlight is { IsCompleted: false };
            }

            if (!running)
            {
                RunNow();
            }

            return new ValueTask<CheckResult>(_firstResult.Task.WaitAsync(cancellationToken));
        }

        var shared = Evaluate();
        return shared.IsCompleted || !cancellationToken.CanBeCanceled ? shared : new ValueTask<CheckResult>(shared.AsTask().WaitAsync(cancellationToken));
    }

    /// <summary>Stops the schedule, cancels an evaluation in progress and detaches from the inner change sources.</summary>
    /// <returns>A task that completes when the schedule's loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var source in _changeSources)
        {
            source.Changed -= OnInnerChanged;
        }

        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _generation);
        _firstResult.TrySetResult(CheckResult.Error("the check was stopped before its first run"));
        // The loop, if it runs, sees the cancellation when it lets go of _running (both sides fenced) and ends this wait.
        if (Volatile.Read(ref _running) == 1)
        {
            await _loopEnded.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Evaluates the inner check, or joins the evaluation in flight. An evaluation that completes at once (a cached
    /// background result, a latch, a oneshot) is recorded and answered without a task or an in-flight record: the health
    /// endpoint evaluates its component on every request, tens of thousands of times a second.
    /// </summary>
    private ValueTask<CheckResult> Evaluate()
    {
        ValueTask<CheckResult> evaluation;
        long started;
        lock (_lock)
        {
            if (_inFlight is { IsCompleted: false } running)
            {
                return new ValueTask<CheckResult>(running);
            }

            started = _time.GetTimestamp();
            evaluation = SafeCheck.EvaluateAsync(Inner, _lifetime.Token);
            if (!evaluation.IsCompletedSuccessfully)
            {
                var pending = FinishAsync(evaluation, started);
                _inFlight = pending;
                return new ValueTask<CheckResult>(pending);
            }
        }

        return ValueTask.FromResult(Completed(evaluation.Result, started));
    }

    private void OnInnerChanged()
    {
        if (Every is not null)
        {
            RunNow();
        }
        else if (!_lifetime.IsCancellationRequested)
        {
            _ = Evaluate();
        }
    }

    private async Task<CheckResult> FinishAsync(ValueTask<CheckResult> evaluation, long started)
    {
        var result = Completed(await evaluation.ConfigureAwait(false), started);
        lock (_lock)
        {
            // Still this task (an unfinished one is never replaced). Not kept until the next run: held for an interval, every run's
            // task outlived a few collections and was promoted, and 10,000 checks a second grew the heap by megabytes a second
            // until a full collection.
            _inFlight = null;
        }

        return result;
    }

    private CheckResult Completed(CheckResult result, long started)
    {
        if (result.Duration == TimeSpan.Zero)
        {
            result = result with { Duration = _time.GetElapsedTime(started) };
        }

        Interlocked.Increment(ref _runCount);
        HaleMetrics.ProbeCompleted(result.Duration);
        Record(result);
        return result;
    }

    private void Record(CheckResult result)
    {
        var now = _time.GetUtcNow();
        CheckTransition? transition = null;
        lock (_lock)
        {
            var old = _status;
            if (old.Status != result.Status)
            {
                transition = new CheckTransition(Name, now, old.Status, result.Status, result.Detail);
                _status = old with { Status = result.Status, Since = now, LastTransition = transition };
            }

            _lastResult = result;
            _lastCheckedAt = now;
            Volatile.Write(ref _published, null);
        }

        _firstResult.TrySetResult(result);
        if (transition is not null)
        {
            HaleMetrics.CheckTransitioned(Name, transition.To);
            Transitioned?.Invoke(transition);
        }
    }
}
