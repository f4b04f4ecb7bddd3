using Hale.Failover.Election;

namespace Hale.Hosting.Engine.Election;

/// <summary>A failover group's state on this node after its last round, for <c>/NAME</c>, status and <c>hale explain</c>.</summary>
/// <param name="Role">active, standby, demoting or starting.</param>
/// <param name="Leader">The node holding the leader key, or null.</param>
/// <param name="FencingToken">The leader key's create revision while this node is active, else null.</param>
/// <param name="Healthy">Whether this node's healthy check passes.</param>
/// <param name="Members">The members seen in the store, this node included.</param>
/// <param name="LeaseAge">The time since the send of the last renewal the store answered; null with no lease.</param>
/// <param name="Reason">The rule that gave the role, with its numbers.</param>
/// <param name="Since">Since when the role has been as it is (this node's clock).</param>
internal sealed record ElectionView(
    string Role,
    string? Leader,
    long? FencingToken,
    bool Healthy,
    IReadOnlyList<ElectionMember> Members,
    TimeSpan? LeaseAge,
    string Reason,
    DateTimeOffset Since)
{
    /// <summary>Whether this node is the active member.</summary>
    public bool IsActive => Role == "active";
}
