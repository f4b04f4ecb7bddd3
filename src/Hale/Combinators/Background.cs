using Hale.Checks;

namespace Hale.Combinators;

/// <summary>
/// Runs an inner check on its own schedule and answers from the cached state (failover's <c>Background</c>);
/// a request never runs the inner check.
/// </summary>
/// <remarks>
/// The first run happens at <see cref="Start"/> (the original waited one interval first: Hale fixes), then one
/// run every <see cref="Interval"/> measured from the start of the previous run; runs never overlap (a run longer
/// than the interval delays the next). An inner <see cref="CheckStatus.Error"/> keeps the previous state.
/// The loop starts at <see cref="Start"/> or at the first evaluation, whichever is first. Thread-safe.
/// </remarks>
public sealed class Background : ICheck, ICompositeCheck, IStartableCheck, ICheckChangeSource, IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lifetime = new();
    private ITimer? _timer;
    private CheckResult _cached;
    private bool _started;
    private long _runCount;

    /// <summary>Creates the background check; nothing runs before <see cref="Start"/>.</summary>
    /// <param name="inner">The check run on the schedule.</param>
    /// <param name="interval">Time between the starts of two runs; greater than zero.</param>
    /// <param name="initialState">The state answered before the first run completes (failover's default is OK).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public Background(ICheck inner, TimeSpan interval, HealthState initialState = HealthState.Ok, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Inner = inner;
        Interval = interval;
        _time = timeProvider ?? TimeProvider.System;
        _cached = CheckResult.FromState(initialState, "no background run completed yet");
    }

    /// <summary>Raised after each run with the state answered from then on. Handlers must be quick and not throw.</summary>
    public event Action<CheckResult>? Completed;

    /// <inheritdoc />
    /// <remarks>Raised after a run that changed the status answered.</remarks>
    public event Action? Changed;

    /// <summary>The check run on the schedule.</summary>
    public ICheck Inner { get; }

    /// <summary>Time between the starts of two runs.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How many runs of the inner check have completed.</summary>
    public long RunCount => Interlocked.Read(ref _runCount);

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks => [Inner];

    /// <inheritdoc />
    public void Start()
    {
        lock (_lock)
        {
            if (_started || _lifetime.IsCancellationRequested)
            {
                return;
            }

            _started = true;
            _timer = _time.CreateTimer(static s => ((Background)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (!Volatile.Read(ref _started))
        {
            Start();
        }

        lock (_lock)
        {
            return ValueTask.FromResult(_cached);
        }
    }

    /// <summary>Stops the loop; a run in progress is cancelled.</summary>
    /// <returns>A task that completes when the timer is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_lock)
        {
            timer = _timer;
            _timer = null;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnTimer() => _ = RunAsync();

    private async Task RunAsync()
    {
        var started = _time.GetTimestamp();
        CheckResult result;
        try
        {
            result = await SafeCheck.EvaluateAsync(Inner, _lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        CheckResult answer;
        bool changed;
        lock (_lock)
        {
            changed = result.Status != CheckStatus.Error && result.Status != _cached.Status;
            if (result.Status != CheckStatus.Error)
            {
                _cached = result;
            }
            else
            {
                _cached = _cached with { Detail = $"{_cached.Detail} (last run: {result.Detail})" };
            }

            answer = _cached;
            _runCount++;
        }

        Completed?.Invoke(answer);
        if (changed)
        {
            Changed?.Invoke();
        }

        var elapsed = _time.GetElapsedTime(started);
        var delay = Interval > elapsed ? Interval - elapsed : TimeSpan.Zero;
        lock (_lock)
        {
            _timer?.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }
}
