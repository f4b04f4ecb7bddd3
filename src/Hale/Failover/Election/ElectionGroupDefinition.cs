using System.Collections.Immutable;

namespace Hale.Failover.Election;

/// <summary>
/// A <c>coordinator: etcd</c> failover group as this node's Hale runs it (<c>groups: NAME: {...}</c>): this node's priority,
/// the service that runs only while this node is the leader, the check that says whether it may lead, preemption and the
/// promote/demote commands.
/// </summary>
/// <param name="Name">The group's name: its keys live under <c>PREFIX/NAME/</c>, and it is served at <c>/NAME</c>.</param>
/// <param name="Priority">This node's priority in the group; lower wins; 0..65535.</param>
/// <param name="Service">A service of this Hale: started on promotion, stopped on demotion (and not started otherwise); or null.</param>
/// <param name="Healthy">The top-level check that must pass for this node to lead; null: always healthy.</param>
/// <param name="Preempt">Whether a better member, healthy for <paramref name="PreemptDelay"/>, takes over from a worse leader.</param>
/// <param name="PreemptDelay">How long a better member must be healthy before it preempts; default 10 s.</param>
/// <param name="Promote">Commands run in order after the service started, each with <paramref name="CommandTimeout"/>.</param>
/// <param name="Demote">Commands run in order on demotion before the service is stopped, each with <paramref name="CommandTimeout"/>.</param>
/// <param name="CommandTimeout">How long each promote/demote command may run; default 10 s.</param>
/// <param name="Fence">
/// The command the fence runs when this node stops renewing its lease while active (Hale frozen or gone); null: the group's
/// service's stop command when it is not owned (<c>run:</c>); an owned service's process group is always killed.
/// </param>
/// <remarks>Immutable; thread-safe. Equal definitions (<see cref="SameAs"/>) keep their running loop across a reload.</remarks>
internal sealed record ElectionGroupDefinition(
    string Name,
    int Priority,
    string? Service,
    string? Healthy,
    bool Preempt,
    TimeSpan PreemptDelay,
    ImmutableArray<string> Promote,
    ImmutableArray<string> Demote,
    TimeSpan CommandTimeout,
    string? Fence)
{
    /// <summary>The preemption delay when none is given.</summary>
    public static readonly TimeSpan DefaultPreemptDelay = TimeSpan.FromSeconds(10);

    /// <summary>The command timeout when none is given.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="other"/> defines the same group (commands compared by value, in order).</summary>
    /// <param name="other">The other definition.</param>
    /// <returns>True when nothing differs.</returns>
    public bool SameAs(ElectionGroupDefinition other) =>
        other is not null
        && this with { Promote = [], Demote = [] } == other with { Promote = [], Demote = [] }
        && Promote.SequenceEqual(other.Promote)
        && Demote.SequenceEqual(other.Demote);
}
