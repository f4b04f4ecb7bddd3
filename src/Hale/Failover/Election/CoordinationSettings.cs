using System.Collections.Immutable;

namespace Hale.Failover.Election;

/// <summary>Where and how the <c>coordinator: etcd</c> groups of this Hale meet (<c>etcd: {...}</c>).</summary>
/// <param name="Endpoints">The store's client URLs, every member of the cluster (e.g. <c>http://10.0.0.1:2379</c>).</param>
/// <param name="Prefix">The key prefix of every group, ending with '/'; default <c>/hale/</c>.</param>
/// <param name="LeaseTtl">Each member's lease: whole seconds, 1..300 s; default 5 s. A leader renews it every quarter of it.</param>
/// <param name="CallTimeout">The deadline of every call to the store; at most a quarter of the lease; default
/// <see cref="DefaultCallTimeout"/>.</param>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record CoordinationSettings(ImmutableArray<Uri> Endpoints, string Prefix, TimeSpan LeaseTtl, TimeSpan CallTimeout)
{
    /// <summary>The prefix when none is given.</summary>
    public const string DefaultPrefix = "/hale/";

    /// <summary>
    /// The lease TTL when none is given: 5 s. A leader then keeps its role through 2.5 s without an answered renewal, which
    /// outlasts an election of etcd's own at its default raft timings (1 s election timeout) and a busy host's stall; a lost
    /// Hale is replaced within about 5 s. <c>lease_ttl: 2s</c> fails over faster (about 2 s), but a 1 s stall of etcd or of
    /// the host then demotes the leader.
    /// </summary>
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(5);

    /// <summary>The most the default call timeout grows to with a longer lease: 1 s.</summary>
    public static readonly TimeSpan MaxDefaultCallTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The call timeout when none is given: a quarter of <paramref name="leaseTtl"/> (a renewal sent every quarter then ends
    /// before the next one is due), at most <see cref="MaxDefaultCallTimeout"/>: 500 ms for a 2 s lease, 1 s for 5 s.
    /// </summary>
    /// <param name="leaseTtl">The lease TTL; positive.</param>
    /// <returns>The call timeout.</returns>
    public static TimeSpan DefaultCallTimeout(TimeSpan leaseTtl) => leaseTtl / 4 < MaxDefaultCallTimeout ? leaseTtl / 4 : MaxDefaultCallTimeout;

    /// <summary>How often a member renews its lease: a quarter of the TTL.</summary>
    public TimeSpan RenewEvery => LeaseTtl / 4;

    /// <summary>
    /// How much of the lease a leader keeps in hand: it acts as the leader only until the send time of its last answered renewal
    /// plus the TTL minus this margin (half the TTL), so that it has demoted, and its fence has fired, before the store can let
    /// the lease expire (etcd expires a lease no earlier than a TTL after the last renewal it answered).
    /// </summary>
    public TimeSpan SafetyMargin => LeaseTtl / 2;

    /// <summary>Whether <paramref name="other"/> has the same settings (endpoints compared in order).</summary>
    /// <param name="other">The other settings.</param>
    /// <returns>True when nothing differs.</returns>
    public bool SameAs(CoordinationSettings? other) =>
        other is not null && this with { Endpoints = [] } == other with { Endpoints = [] } && Endpoints.SequenceEqual(other.Endpoints);
}
