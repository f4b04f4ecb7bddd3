using Hale.Combinators;

namespace Hale.Checks;

/// <summary>
/// A named, top-level check: what a component serves and what other checks refer to by name (they share its state).
/// Concurrent evaluations share a single in-flight evaluation of the inner check (load balancers poll hard; Hale never
/// amplifies), and every result is recorded for <see cref="Snapshot"/> and <see cref="Transitioned"/>.
/// </summary>
/// <remarks>
/// The shared evaluation runs under this check's own lifetime, not the first caller's token: a caller that gives up
/// (a client that disconnects) stops waiting without cancelling the evaluation for the others.
/// A <see cref="Background"/> inner check is answered directly (it never probes on request) and its runs are recorded as they complete.
/// Thread-safe.
/// </remarks>
public sealed class NamedCheck : ICheck, ICompositeCheck, IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Background? _background;
    private Task<CheckResult>? _inFlight;
    private CheckSnapshot _snapshot;

    /// <summary>Creates the named check.</summary>
    /// <param name="name">The name; not empty.</param>
    /// <param name="inner">The check evaluated.</param>
    /// <param name="timeProvider">The clock for timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public NamedCheck(string name, ICheck inner, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inner);
        Name = name;
        Inner = inner;
        _time = timeProvider ?? TimeProvider.System;
        _snapshot = new CheckSnapshot(name, null, null, null, null, null);
        _background = inner as Background;
        if (_background is not null)
        {
            _background.Completed += Record;
        }
    }

    /// <summary>Raised on every change of status (and the first observation). Handlers must be quick and not throw.</summary>
    public event Action<CheckTransition>? Transitioned;

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The check evaluated.</summary>
    public ICheck Inner { get; }

    /// <summary>The last known status, result and transition; never evaluates the check.</summary>
    public CheckSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks => [Inner];

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (_background is not null)
        {
            return _background.CheckAsync(cancellationToken);
        }

        Task<CheckResult> shared;
        lock (_lock)
        {
            if (_inFlight is null || _inFlight.IsCompleted)
            {
                _inFlight = EvaluateAndRecordAsync();
            }

            shared = _inFlight;
        }

        return shared.IsCompleted ? new ValueTask<CheckResult>(shared) : new ValueTask<CheckResult>(shared.WaitAsync(cancellationToken));
    }

    /// <summary>Cancels an evaluation in progress and detaches from a background inner check.</summary>
    /// <returns>A completed task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_background is not null)
        {
            _background.Completed -= Record;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
    }

    private async Task<CheckResult> EvaluateAndRecordAsync()
    {
        var started = _time.GetTimestamp();
        var result = await SafeCheck.EvaluateAsync(Inner, _lifetime.Token).ConfigureAwait(false);
        if (result.Duration == TimeSpan.Zero)
        {
            result = result with { Duration = _time.GetElapsedTime(started) };
        }

        Record(result);
        return result;
    }

    private void Record(CheckResult result)
    {
        var now = _time.GetUtcNow();
        CheckTransition? transition = null;
        lock (_lock)
        {
            var old = _snapshot;
            if (old.Status != result.Status)
            {
                transition = new CheckTransition(Name, now, old.Status, result.Status, result.Detail);
                _snapshot = old with { Status = result.Status, Since = now, LastResult = result, LastCheckedAt = now, LastTransition = transition };
            }
            else
            {
                _snapshot = old with { LastResult = result, LastCheckedAt = now };
            }
        }

        if (transition is not null)
        {
            Transitioned?.Invoke(transition);
        }
    }
}
