namespace Hale.Actions;

/// <summary>What one cycle of an <see cref="ActionRunner"/> decided and did.</summary>
/// <param name="Action">The action's name.</param>
/// <param name="Side">The side the checks chose.</param>
/// <param name="Ran">Whether the side's commands were run this cycle (false: on-change and the side already ran successfully).</param>
/// <param name="Outcomes">The commands run, in order; the last is the failing one when the side failed. Empty when nothing ran.</param>
/// <param name="Reason">Why this side, e.g. <c>web is FAIL: connection refused</c> or <c>all healthy: web, db</c>.</param>
public sealed record ActionCycle(string Action, ActionSide Side, bool Ran, IReadOnlyList<ActionOutcome> Outcomes, string Reason)
{
    /// <summary>Whether every command run this cycle succeeded; true when nothing ran.</summary>
    public bool Succeeded => Outcomes.All(o => o.Succeeded);
}
