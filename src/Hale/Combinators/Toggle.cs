using Hale.Checks;
using Hale.State;

namespace Hale.Combinators;

/// <summary>
/// A latch between two checks (failover's <c>Toggle</c>): in OK it asks <see cref="ToFail"/> and switches to FAIL when
/// that says FAIL; in FAIL it asks <see cref="ToOk"/> and switches to OK when that says OK. One inner check per evaluation.
/// </summary>
/// <remarks>
/// With an <see cref="OperatorStateSlot"/>, the state is written atomically at each switch and restored at construction,
/// so a latch in FAIL awaiting manual fail-back survives a restart. An inner error leaves the state unchanged and the
/// current state is answered, as failover's Toggle did.
/// Thread-safe; when concurrent evaluations race, the first switch wins and later ones see the new state next time.
/// </remarks>
public sealed class Toggle : ICheck, ICompositeCheck
{
    private readonly object _lock = new();
    private readonly OperatorStateSlot? _persistence;
    private HealthState _state;

    /// <summary>Creates the toggle.</summary>
    /// <param name="toFail">Asked while OK; its FAIL switches the toggle to FAIL.</param>
    /// <param name="toOk">Asked while FAIL; its OK switches the toggle to OK (e.g. a <see cref="Oneshot"/> fired by an operator).</param>
    /// <param name="initialState">The state when nothing is persisted (failover's default is OK).</param>
    /// <param name="persistence">Where the state survives restarts; null keeps it in memory only.</param>
    public Toggle(ICheck toFail, ICheck toOk, HealthState initialState = HealthState.Ok, OperatorStateSlot? persistence = null)
    {
        ArgumentNullException.ThrowIfNull(toFail);
        ArgumentNullException.ThrowIfNull(toOk);
        ToFail = toFail;
        ToOk = toOk;
        _persistence = persistence;
        _state = StateCodec.Read(persistence) ?? initialState;
    }

    /// <summary>The check asked while OK.</summary>
    public ICheck ToFail { get; }

    /// <summary>The check asked while FAIL.</summary>
    public ICheck ToOk { get; }

    /// <summary>The current state.</summary>
    public HealthState State
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
    public IReadOnlyList<ICheck> InnerChecks => [ToFail, ToOk];

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var current = State;
        var asked = current == HealthState.Ok ? ToFail : ToOk;
        var result = await SafeCheck.EvaluateAsync(asked, cancellationToken).ConfigureAwait(false);
        if (result.Status == CheckStatus.Error)
        {
            return CheckResult.FromState(current, $"state kept: {result.Detail}");
        }

        var switchTo = current == HealthState.Ok ? HealthState.Fail : HealthState.Ok;
        var switches = result.IsOk == (switchTo == HealthState.Ok);
        if (!switches)
        {
            return CheckResult.FromState(current, result.Detail);
        }

        lock (_lock)
        {
            if (_state != current)
            {
                return CheckResult.FromState(_state, result.Detail);
            }

            _state = switchTo;
        }

        var detail = switchTo == HealthState.Fail ? $"latched FAIL: {result.Detail}" : $"released to OK: {result.Detail}";
        return CheckResult.FromState(switchTo, StateCodec.Persist(_persistence, switchTo, detail));
    }
}
