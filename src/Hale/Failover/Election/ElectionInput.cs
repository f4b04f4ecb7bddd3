namespace Hale.Failover.Election;

/// <summary>Everything <see cref="ElectionPolicy.Decide"/> looks at: one observation of the group from this node.</summary>
/// <param name="Now">This node's monotonic now.</param>
/// <param name="Self">This node as a member: its priority and its own health, fresh.</param>
/// <param name="Members">The other members published in the store (this node excluded), healthy-since as this node observed.</param>
/// <param name="Leader">The leader key's holder; null when nobody holds it.</param>
/// <param name="Lease">This node's lease id; 0 when it has none.</param>
/// <param name="SafeUntil">
/// Until when this node may act as the leader: the send time of its last renewal that the store answered, plus the granted
/// TTL, minus the safety margin. Null when it has no live lease.
/// </param>
/// <param name="Promoted">Whether this node is promoted now (its reactions ran).</param>
/// <param name="ServiceFailed">While promoted: the group's service stopped or failed since the promotion.</param>
/// <param name="LeaderlessSince">Since when this node has seen no leader without a break; null while there is one.</param>
/// <param name="CampaignStagger">
/// How long a healthy member waits, per healthy member ranked before it, before it campaigns without a leader (so that a
/// better member that says it is healthy but never campaigns cannot keep the group leaderless).
/// </param>
/// <param name="ObservingSince">When this member started to take part (its first lease): it does not campaign before
/// <paramref name="StartGrace"/> has passed since, so that at a cold start of all members the best one, not the quickest, leads.</param>
/// <param name="StartGrace">How long a member waits after it started before it campaigns without a leader (the lease TTL).</param>
/// <param name="StandAsideUntil">Until when this member stands aside after it resigned because its own service (or a promote
/// command) failed: it does not campaign meanwhile (it would take the key straight back), and publishes itself as unable to
/// lead; null when it does not.</param>
/// <param name="Preempt">Whether a better healthy member takes over from a worse leader.</param>
/// <param name="PreemptDelay">How long the better member must have been healthy first.</param>
internal sealed record ElectionInput(
    DateTimeOffset Now,
    ElectionMember Self,
    IReadOnlyList<ElectionMember> Members,
    ElectionLeader? Leader,
    long Lease,
    DateTimeOffset? SafeUntil,
    bool Promoted,
    bool ServiceFailed,
    DateTimeOffset? LeaderlessSince,
    TimeSpan CampaignStagger,
    DateTimeOffset ObservingSince,
    TimeSpan StartGrace,
    DateTimeOffset? StandAsideUntil,
    bool Preempt,
    TimeSpan PreemptDelay)
{
    /// <summary>
    /// While promoted: this member's lease watchdog (<see cref="LeaseFence"/>) fired since the promotion. It fires at the same
    /// deadline as <see cref="SafeUntil"/>, so a renewal answered just after it can leave the lease live and the key held while
    /// the service was killed: the member demotes (it promotes again while it still holds the key). Default false.
    /// </summary>
    public bool FenceFired { get; init; }
}
