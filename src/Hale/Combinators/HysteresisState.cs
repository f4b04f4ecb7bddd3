using Hale.Checks;

namespace Hale.Combinators;

/// <summary>
/// The state of a <see cref="Hysteresis"/>: the current health state and the current run of disagreeing results.
/// Immutable.
/// </summary>
/// <param name="State">The state reported.</param>
/// <param name="Disagreements">Consecutive results that disagreed with <paramref name="State"/> (0 when none).</param>
/// <param name="RunStartedAt">When the first disagreeing result of the current run was observed; null when none.</param>
public sealed record HysteresisState(HealthState State, int Disagreements = 0, DateTimeOffset? RunStartedAt = null)
{
    /// <summary>
    /// Applies one result: the pure rule of failover's Hysteresis, with Hale's fix that an agreeing result resets the run.
    /// </summary>
    /// <param name="healthy">Whether the inner check said OK.</param>
    /// <param name="now">When the result was observed.</param>
    /// <param name="okAfter">Threshold to switch from FAIL to OK.</param>
    /// <param name="failAfter">Threshold to switch from OK to FAIL.</param>
    /// <returns>The next state (this instance when nothing changes).</returns>
    /// <remarks>
    /// A result agreeing with <see cref="State"/> resets the run. A disagreeing result extends the run
    /// (starting it at <paramref name="now"/> if there was none) and switches the state when the threshold for
    /// that direction is reached; a switch starts with an empty run.
    /// </remarks>
    public HysteresisState Next(bool healthy, DateTimeOffset now, Threshold okAfter, Threshold failAfter)
    {
        var agrees = healthy == (State == HealthState.Ok);
        if (agrees)
        {
            return Disagreements == 0 ? this : new HysteresisState(State);
        }

        var runStart = RunStartedAt ?? now;
        var count = Disagreements + 1;
        var threshold = State == HealthState.Ok ? failAfter : okAfter;
        if (threshold.IsReached(count, runStart, now))
        {
            return new HysteresisState(healthy ? HealthState.Ok : HealthState.Fail);
        }

        return new HysteresisState(State, count, runStart);
    }
}
