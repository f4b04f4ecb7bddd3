namespace Hale.Failover.Election;

/// <summary>A member of a <c>coordinator: etcd</c> group as this node sees it (published on the member's own lease).</summary>
/// <param name="Node">The member's node name.</param>
/// <param name="Priority">Its priority in the group; lower wins (as ha_valet's <c>stand_by_list</c> order).</param>
/// <param name="Healthy">Whether it says it may lead (its <c>healthy:</c> check passes).</param>
/// <param name="HealthySince">When this node first saw it healthy without a break (this node's monotonic clock); null when unhealthy.</param>
internal sealed record ElectionMember(string Node, int Priority, bool Healthy, DateTimeOffset? HealthySince)
{
    /// <summary>Whether this member is a better candidate than <paramref name="other"/>: lower priority, then the ordinal node name.</summary>
    /// <param name="other">The other member.</param>
    /// <returns>True when this one ranks first.</returns>
    public bool RanksBefore(ElectionMember other) =>
        Priority != other.Priority ? Priority < other.Priority : string.CompareOrdinal(Node, other.Node) < 0;
}
