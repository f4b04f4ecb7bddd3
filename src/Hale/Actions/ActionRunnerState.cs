namespace Hale.Actions;

/// <summary>What an <see cref="ActionRunner"/> remembers between cycles; an immutable snapshot swapped whole.</summary>
/// <param name="LastSucceededSide">The side whose commands last all succeeded; null before any.</param>
/// <param name="LastRunFailed">Whether the most recent run (of either side) failed or was interrupted.</param>
/// <param name="LastOutcome">The most recent command outcome.</param>
/// <param name="LastStartedSide">The side whose commands last began to run, even if cut short; null before any.</param>
internal sealed record ActionRunnerState(ActionSide? LastSucceededSide, bool LastRunFailed, ActionOutcome? LastOutcome, ActionSide? LastStartedSide = null)
{
    public static ActionRunnerState Initial { get; } = new(null, false, null);

    /// <summary>Whether a promotion may be in effect: the last side that began to run, or the last that succeeded, is promote.</summary>
    public bool MayBePromoted => LastStartedSide == ActionSide.Promote || LastSucceededSide == ActionSide.Promote;

    /// <summary>
    /// Whether a cycle that chose <paramref name="side"/> runs its commands: every cycle; or on a change of side;
    /// or after a failed run, whichever side failed (a half-done demotion is followed by a full promotion).
    /// </summary>
    public bool ShouldRun(ActionRepeat repeat, ActionSide side) =>
        repeat == ActionRepeat.EveryCycle || LastRunFailed || LastSucceededSide != side;
}
