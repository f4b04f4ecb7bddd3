namespace Hale.Actions;

/// <summary>
/// The schedule of one runner inside an <see cref="ActionLoop"/>: a cycle at start, then one <c>interval</c> after the start of
/// the previous cycle, and one as soon as possible after a trigger (several triggers during a cycle give one more cycle).
/// </summary>
/// <remarks>
/// Cycles never overlap: <c>_running</c> is set, under <c>_lock</c>, by whoever starts the cycle loop and cleared by it when it
/// goes idle; a request while running only sets <c>_pending</c>. The timer is re-armed only when going idle. Thread-safe.
/// </remarks>
internal sealed class ActionLoopWorker
{
    private readonly object _lock = new();
    private readonly ActionRunner _runner;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationToken _lifetime;
    private readonly Action<ActionCycle>? _onCycle;
    private readonly Action<string, Exception>? _onError;
    private ITimer? _timer;
    private bool _stopped;
    private bool _running;
    private bool _pending;
    private TaskCompletionSource? _idle;

    public ActionLoopWorker(
        ActionRunner runner, TimeSpan interval, TimeProvider time, CancellationToken lifetime,
        Action<ActionCycle>? onCycle, Action<string, Exception>? onError)
    {
        _runner = runner;
        _interval = interval;
        _time = time;
        _lifetime = lifetime;
        _onCycle = onCycle;
        _onError = onError;
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_timer is not null || _stopped)
            {
                return;
            }

            _timer = _time.CreateTimer(static s => ((ActionLoopWorker)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        RequestCycle(coalesce: true);
    }

    public void Trigger() => RequestCycle(coalesce: true);

    /// <summary>Stops scheduling; returns when the cycle in progress (already cancelled by the loop's lifetime) has ended.</summary>
    public async Task StopAsync()
    {
        ITimer? timer;
        Task idle;
        lock (_lock)
        {
            _stopped = true;
            _pending = false;
            timer = _timer;
            _timer = null;
            idle = _idle?.Task ?? Task.CompletedTask;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        await idle.ConfigureAwait(false);
    }

    // A timer that fires while a cycle runs (a trigger started it just then) is dropped: the cycle's end schedules the next.
    private void OnTimer() => RequestCycle(coalesce: false);

    private void RequestCycle(bool coalesce)
    {
        lock (_lock)
        {
            if (_stopped || _timer is null)
            {
                return;
            }

            if (_running)
            {
                _pending |= coalesce;
                return;
            }

            _running = true;
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            var started = _time.GetTimestamp();
            await RunOneCycleAsync().ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            lock (_lock)
            {
                if (!_stopped && !_lifetime.IsCancellationRequested && (_pending || elapsed >= _interval))
                {
                    _pending = false;
                    continue;
                }

                _running = false;
                _idle?.TrySetResult();
                _timer?.Change(_interval - elapsed, Timeout.InfiniteTimeSpan);
                return;
            }
        }
    }

    private async Task RunOneCycleAsync()
    {
        try
        {
            var cycle = await _runner.RunCycleAsync(_lifetime).ConfigureAwait(false);
            _onCycle?.Invoke(cycle);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The loop is stopping.
        }
        catch (Exception ex)
        {
            Report(ex);
        }
    }

    private void Report(Exception ex)
    {
        try
        {
            _onError?.Invoke(_runner.Name, ex);
        }
        catch (Exception)
        {
            // The error callback failed too; the loop must keep going.
        }
    }
}
