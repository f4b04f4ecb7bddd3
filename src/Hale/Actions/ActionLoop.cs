namespace Hale.Actions;

/// <summary>
/// Runs the cycles of several actions on a schedule, as heartbeat's daemon mode ran a cycle every <c>interval</c>; each action
/// has its own schedule, so a slow action never delays another.
/// </summary>
/// <remarks>
/// <para>
/// For each runner: a first cycle at <see cref="Start"/>, then the next one <see cref="Interval"/> after the start of the previous
/// (a cycle longer than the interval is followed at once by the next). <see cref="Trigger"/> asks every action for a cycle as
/// soon as possible (the host calls it when a <c>when</c> check transitions); triggers that arrive while a cycle runs are
/// coalesced into one more cycle after it. Cycles of one action never overlap. Timers come from the <see cref="TimeProvider"/>.
/// </para>
/// <para>
/// A cycle's failure never stops the loop: failed commands are in the cycle's outcomes (and retried by the runner's policy);
/// an exception from a cycle (a throwing callback) is passed to <c>onError</c>. Thread-safe.
/// </para>
/// </remarks>
public sealed class ActionLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ActionLoopWorker[] _workers;
    private int _disposed;

    /// <summary>Creates the loop; nothing runs before <see cref="Start"/>.</summary>
    /// <param name="runners">The actions, one runner each; a runner should belong to one loop.</param>
    /// <param name="interval">Time between the starts of two cycles of an action; greater than zero (heartbeat's default: 60 s).</param>
    /// <param name="timeProvider">The clock for the schedule.</param>
    /// <param name="onCycle">Called after each completed cycle, on the cycle's thread. Must be quick and not throw (what it throws goes to <paramref name="onError"/>).</param>
    /// <param name="onError">Called with the action's name and the exception when a cycle throws. Must not throw (what it throws is ignored).</param>
    /// <exception cref="ArgumentNullException"><paramref name="runners"/>, a runner, or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public ActionLoop(
        IEnumerable<ActionRunner> runners, TimeSpan interval, TimeProvider timeProvider,
        Action<ActionCycle>? onCycle = null, Action<string, Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(runners);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ActionRunner[] list = [.. runners];
        if (Array.Exists(list, r => r is null))
        {
            throw new ArgumentNullException(nameof(runners), "A runner is null.");
        }

        Runners = list;
        Interval = interval;
        _workers = [.. list.Select(r => new ActionLoopWorker(r, interval, timeProvider, _lifetime.Token, onCycle, onError))];
    }

    /// <summary>The actions run, in the order given.</summary>
    public IReadOnlyList<ActionRunner> Runners { get; }

    /// <summary>Time between the starts of two cycles of an action.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Starts every action's schedule with a cycle now. Calling it again, or after disposal, does nothing.</summary>
    public void Start()
    {
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    /// <summary>
    /// Asks every action for a cycle as soon as possible: at once when idle, or once more after the cycle in progress
    /// (several triggers during one cycle give a single extra cycle). Ignored before <see cref="Start"/> and after disposal.
    /// </summary>
    public void Trigger()
    {
        foreach (var worker in _workers)
        {
            worker.Trigger();
        }
    }

    /// <summary>
    /// Stops the schedules and cancels the cycles in progress (a running command's process group is killed);
    /// completes when they have ended.
    /// </summary>
    /// <returns>A task that completes when no cycle of this loop is running.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers.Select(w => w.StopAsync())).ConfigureAwait(false);
        _lifetime.Dispose();
    }
}
