using System.Collections.Immutable;

namespace Hale.Failover;

/// <summary>A <c>coordinator: local</c> failover group as configured (<c>groups: NAME: {...}</c>): ha_valet's section, in YAML.</summary>
/// <param name="Name">The group's name, also its endpoint <c>/NAME</c>.</param>
/// <param name="Members">The members (<c>hosts</c>), host names distinct case-insensitively.</param>
/// <param name="Interval">How often the members are probed; positive (default 5 s).</param>
/// <param name="User">The user bound to <c>{user}</c>, or null.</param>
/// <param name="Test">The test command template; its exit code is the instance's priority.</param>
/// <param name="Start">The start command template.</param>
/// <param name="Stop">The stop command template.</param>
/// <param name="Timeout">How long each command may run; positive (default 10 s).</param>
/// <remarks>Immutable; thread-safe. Equal definitions (<see cref="SameAs"/>) keep their running loop across a reload.</remarks>
internal sealed record LocalGroupDefinition(
    string Name,
    ImmutableArray<FailoverMember> Members,
    TimeSpan Interval,
    string? User,
    string Test,
    string Start,
    string Stop,
    TimeSpan Timeout)
{
    /// <summary>The interval when none is given (ha_valet's 5 s).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>The command timeout when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="other"/> defines the same group (members compared by value, in order).</summary>
    /// <param name="other">The other definition.</param>
    /// <returns>True when nothing differs.</returns>
    public bool SameAs(LocalGroupDefinition other) =>
        other is not null && this with { Members = [] } == other with { Members = [] } && Members.SequenceEqual(other.Members);

    /// <summary>The decision function's view of this group for node <paramref name="node"/>.</summary>
    /// <param name="node">This Hale's node name.</param>
    /// <returns>The group.</returns>
    public ValetGroup ToValetGroup(string node) => new(Name, node, Members, Interval);
}
