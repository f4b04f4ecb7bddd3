using Hale.Testing;

namespace Hale.Cli.Tests.Groups;

/// <summary>How <see cref="HaleGroupCluster"/> configures one node's Hale (the group is always <c>db</c>, its service <c>app</c>).</summary>
internal sealed record GroupNodeOptions
{
    /// <summary>Whether a better member, healthy for a second, takes over (<c>preempt: { enabled, delay: 1s }</c>).</summary>
    public bool Preempt { get; init; }

    /// <summary><c>etcd.lease_ttl</c>, e.g. <c>2s</c>, or null for Hale's default (5 s).</summary>
    public string? LeaseTtl { get; init; }

    /// <summary><c>etcd.timeout</c>, or null for the default (at most a quarter of the TTL).</summary>
    public string? CallTimeout { get; init; }

    /// <summary>
    /// The service's start limit within 150 s (<c>restart.limit.starts</c>); 1,000 by default, so that a soak's many hand-overs
    /// (each promotion starts the service) do not hold it; Hale's own default is 10.
    /// </summary>
    public int StartLimit { get; init; } = 1000;

    /// <summary>The group's promote commands, in order.</summary>
    public IReadOnlyList<string> Promote { get; init; } = [];

    /// <summary>The group's demote commands, in order.</summary>
    public IReadOnlyList<string> Demote { get; init; } = [];

    /// <summary>The network namespace the node's Hale runs in (it reaches etcd through its veth pair), or null for the host.</summary>
    public NetworkNamespace? Namespace { get; init; }
}
