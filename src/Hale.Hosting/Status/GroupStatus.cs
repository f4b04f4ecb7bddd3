namespace Hale.Hosting.Status;

/// <summary>A failover group as <c>GET /-/status</c> lists it under <c>groups</c>, and <c>hale status</c>/<c>hale explain</c> show it.</summary>
/// <param name="Name">The group's name (served at <c>/NAME</c>).</param>
/// <param name="Coordinator"><c>local</c> or <c>etcd</c>.</param>
/// <param name="Node">This Hale's node name.</param>
/// <param name="Role">This node's role: <c>active</c>, <c>standby</c>, <c>demoting</c> or <c>starting</c>.</param>
/// <param name="Leader">The active member as this node knows it, or null.</param>
/// <param name="FencingToken">The leader key's create revision while this node is active (etcd), else null.</param>
/// <param name="LeaseAge">The time since the send of the last renewal the store answered (etcd), else null.</param>
/// <param name="Reason">The rule that gave the role, with its numbers; null before the first round.</param>
/// <param name="Since">Since when the role has been as it is; null when unknown.</param>
/// <param name="Members">The members known to this node, best first.</param>
internal sealed record GroupStatus(
    string Name,
    string Coordinator,
    string Node,
    string Role,
    string? Leader,
    long? FencingToken,
    TimeSpan? LeaseAge,
    string? Reason,
    DateTimeOffset? Since,
    IReadOnlyList<GroupMemberStatus> Members);

/// <summary>A member of a failover group in <see cref="GroupStatus"/>.</summary>
/// <param name="Node">The member's node (host) name.</param>
/// <param name="Priority">Its priority (lower wins).</param>
/// <param name="Healthy">Whether it says it may lead (etcd); null when not known (local).</param>
/// <param name="HealthySince">Since when this node has seen it healthy; null when unhealthy or unknown.</param>
internal sealed record GroupMemberStatus(string Node, int Priority, bool? Healthy, DateTimeOffset? HealthySince);
