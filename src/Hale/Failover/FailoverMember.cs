namespace Hale.Failover;

/// <summary>One host of a failover group and its configured priority (ha_valet's <c>stand_by_list</c> entry).</summary>
/// <remarks>Immutable; thread-safe. Host names are compared case-insensitively (ordinal).</remarks>
public sealed record FailoverMember
{
    /// <summary>Creates a member.</summary>
    /// <param name="host">The host name, bound to <c>{host}</c> in the group's commands; not empty.</param>
    /// <param name="priority">The configured priority, 1 or more; lower wins; 1 is the primary.</param>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="priority"/> is below 1.</exception>
    public FailoverMember(string host, int priority)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(priority, 1);
        Host = host;
        Priority = priority;
    }

    /// <summary>The host name.</summary>
    public string Host { get; }

    /// <summary>The configured priority, 1 or more; lower wins.</summary>
    public int Priority { get; }

    /// <summary>Members from a <c>stand_by_list</c>: the first host gets priority 1, the next 2, and so on.</summary>
    /// <param name="hosts">The hosts in order of preference, each not empty.</param>
    /// <returns>The members, in the same order.</returns>
    /// <exception cref="ArgumentException">A host is empty, or appears twice (case-insensitively).</exception>
    public static IReadOnlyList<FailoverMember> FromStandByList(IEnumerable<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var members = new List<FailoverMember>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in hosts)
        {
            if (host is not null && !seen.Add(host))
            {
                throw new ArgumentException($"host '{host}' appears twice in the stand_by_list", nameof(hosts));
            }

            members.Add(new FailoverMember(host!, members.Count + 1));
        }

        return members;
    }
}
