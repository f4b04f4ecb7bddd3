using System.Collections.Immutable;

namespace Hale.Failover;

/// <summary>What <see cref="ValetCoordinator"/> needs to know about a <c>coordinator: local</c> group.</summary>
/// <param name="Name">The group's name, for reasons.</param>
/// <param name="Node">This Hale's node name. When it is one of <see cref="Members"/> (case-insensitively) this node starts only
/// its own instance (each member's Hale starts its own); otherwise this node manages every member and starts the best one.</param>
/// <param name="Members">The members; host names distinct case-insensitively.</param>
/// <param name="Interval">How often the members are probed (ha_valet: 5 s); also the unit of the start wait.</param>
/// <param name="MaxQuickStarts">How many starts, each within <see cref="QuickStartGap"/> after the previous start, are allowed in a
/// row; the next one holds the group instead (ha_valet: 10).</param>
/// <param name="QuickStartGap">A start this soon after the previous one is a quick start (ha_valet: 150 s).</param>
/// <param name="HoldFor">How long a hold lasts, or null until an operator releases it (ha_valet: until restarted).</param>
internal sealed record ValetGroup(
    string Name,
    string Node,
    ImmutableArray<FailoverMember> Members,
    TimeSpan Interval,
    int MaxQuickStarts = 10,
    TimeSpan? QuickStartGap = null,
    TimeSpan? HoldFor = null)
{
    /// <summary>ha_valet's quick-start gap.</summary>
    public static readonly TimeSpan DefaultQuickStartGap = TimeSpan.FromSeconds(150);

    /// <summary>The quick-start gap in effect.</summary>
    public TimeSpan Gap => QuickStartGap ?? DefaultQuickStartGap;

    /// <summary>This node's member, or null when this node manages the group from outside.</summary>
    public FailoverMember? Self => Members.FirstOrDefault(m => string.Equals(m.Host, Node, StringComparison.OrdinalIgnoreCase));

    /// <summary>How long nothing must be up before <paramref name="member"/> is started: none for the primary (priority 1), else
    /// <see cref="Interval"/> × its priority, so that a better member's Hale can win first.</summary>
    /// <param name="member">The member.</param>
    /// <returns>The wait.</returns>
    public TimeSpan StartWait(FailoverMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Priority == 1 ? TimeSpan.Zero : Interval * member.Priority;
    }
}
