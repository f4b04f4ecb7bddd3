using Hale.Checks;

namespace Hale.Combinators;

/// <summary>
/// Rise/fall hysteresis over an inner check, by count or by time (failover's <c>Hysteresis</c>).
/// </summary>
/// <remarks>
/// Each evaluation runs the inner check once and feeds its result to <see cref="HysteresisState.Next"/>.
/// An inner <see cref="CheckStatus.Error"/> (or exception) leaves state and counters unchanged and the current state is
/// answered, as failover's Hysteresis did. Thread-safe: concurrent evaluations each apply their result in turn.
/// </remarks>
public sealed class Hysteresis : ICheck, ICompositeCheck
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private HysteresisState _state;

    /// <summary>Creates the hysteresis.</summary>
    /// <param name="inner">The check observed.</param>
    /// <param name="initialState">The state before any result (failover's default is OK).</param>
    /// <param name="okAfter">When to switch FAIL → OK: a count (≥ 1) or a duration (&gt; 0).</param>
    /// <param name="failAfter">When to switch OK → FAIL: a count (≥ 1) or a duration (&gt; 0).</param>
    /// <param name="timeProvider">The clock for duration thresholds; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">A threshold is the default (uninitialised) value.</exception>
    public Hysteresis(ICheck inner, HealthState initialState, Threshold okAfter, Threshold failAfter, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (okAfter == default || failAfter == default)
        {
            throw new ArgumentException("Thresholds must be made with Threshold.Count or Threshold.Duration.");
        }

        Inner = inner;
        OkAfter = okAfter;
        FailAfter = failAfter;
        _time = timeProvider ?? TimeProvider.System;
        _state = new HysteresisState(initialState);
    }

    /// <summary>The check observed.</summary>
    public ICheck Inner { get; }

    /// <summary>When to switch FAIL → OK.</summary>
    public Threshold OkAfter { get; }

    /// <summary>When to switch OK → FAIL.</summary>
    public Threshold FailAfter { get; }

    /// <summary>The current state and run. Thread-safe snapshot.</summary>
    public HysteresisState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks => [Inner];

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var result = await SafeCheck.EvaluateAsync(Inner, cancellationToken).ConfigureAwait(false);
        if (result.Status == CheckStatus.Error)
        {
            return CheckResult.FromState(State.State, $"state kept: {result.Detail}") with { Duration = result.Duration };
        }

        HysteresisState next;
        lock (_lock)
        {
            _state = _state.Next(result.IsOk, _time.GetUtcNow(), OkAfter, FailAfter);
            next = _state;
        }

        var detail = next.Disagreements == 0
            ? result.Detail
            : $"{result.Detail} ({next.Disagreements} disagreeing since {next.RunStartedAt:O})";
        return CheckResult.FromState(next.State, detail) with { Duration = result.Duration, Priority = result.Priority };
    }
}
