using System.Collections.Immutable;

namespace Hale.Failover;

/// <summary>What <see cref="ValetCoordinator"/> remembers about a group between rounds. Immutable.</summary>
/// <param name="NothingUpSince">When the current "no member is up" spell began (re-armed at each start), or null while one is up.</param>
/// <param name="QuickStarts">The current run of starts: the first, then each within the quick-start gap after the previous one.</param>
/// <param name="Held">Whether the group is held (no starts, no stops) after too many quick starts.</param>
/// <param name="HeldUntil">When the hold ends by itself, or null (until released) while held.</param>
/// <param name="HoldReason">Why the group is held.</param>
internal sealed record ValetGroupState(
    DateTimeOffset? NothingUpSince,
    ImmutableArray<DateTimeOffset> QuickStarts,
    bool Held = false,
    DateTimeOffset? HeldUntil = null,
    string? HoldReason = null)
{
    /// <summary>The state before the first round.</summary>
    public static ValetGroupState Initial { get; } = new(null, []);
}
