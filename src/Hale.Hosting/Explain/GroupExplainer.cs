using System.Globalization;
using Hale.Hosting.Status;

namespace Hale.Hosting.Explain;

/// <summary>
/// Why this node has its role in a failover group: the rule of the last round (with its numbers), the leader and since when
/// this node's role is as it is, the members' priorities and health, the lease and the fencing token.
/// </summary>
internal static class GroupExplainer
{
    /// <summary>Explains <paramref name="g"/>.</summary>
    /// <param name="g">The group's status.</param>
    /// <param name="now">The current time.</param>
    /// <param name="full">Whether the round's reason is shown (it may name hosts' probe details).</param>
    public static Explanation Explain(GroupStatus g, DateTimeOffset now, bool full)
    {
        _ = now;
        var inputs = new List<ExplainInput>
        {
            new("coordinator", g.Coordinator),
            new("this node", g.Node),
            new("leader", g.Leader is { } l ? Member(g, l) : "none known", g.Leader is null ? null : g.Since),
        };
        if (g.FencingToken is { } token)
        {
            inputs.Add(new("token", $"{token.ToString(CultureInfo.InvariantCulture)} (HALE_FENCING_TOKEN)"));
        }

        if (g.LeaseAge is { } age)
        {
            inputs.Add(new("lease", $"last renewal answered {age.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms ago"));
        }

        foreach (var m in g.Members)
        {
            var health = m.Healthy switch { true => "healthy", false => "unhealthy", null => "health not known here" };
            inputs.Add(new($"member {m.Node}", $"priority {m.Priority.ToString(CultureInfo.InvariantCulture)}, {health}", m.Healthy == true ? m.HealthySince : null));
        }

        var reason = full ? g.Reason ?? "no round has completed yet" : "(the round's reason is not shown: status without credentials)";
        if (reason.StartsWith(g.Role + ": ", StringComparison.Ordinal))
        {
            reason = reason[(g.Role.Length + 2)..];
        }

        var rule = g.Role switch
        {
            "standby" when g.Leader is { } leader && leader != g.Node =>
                $"standby: member {Member(g, leader)} holds the {(g.Coordinator == "etcd" ? "lease" : "lead")}{(g.Since is { } since ? $" since {ExplainFormat.Time(since)}" : string.Empty)}; {reason}",
            _ => $"{g.Role}: {reason}",
        };
        List<string> changes = g.Role switch
        {
            "active" => ["this node's health check failing, or a member with a better (lower) priority becoming healthy: demote", "losing the lease (the store unreachable past the lease TTL): demote"],
            "standby" => [g.Leader is { } holder && holder != g.Node ? $"{holder} failing or giving up the lead, while this node is healthy: promote" : "this node becoming healthy with the best priority: promote", "a manual fail-back where the group needs one"],
            "demoting" => ["the demotion completing: standby"],
            _ => ["the first round completing"],
        };
        return new Explanation("group", g.Name, g.Role, g.Since, rule, inputs, changes);
    }

    private static string Member(GroupStatus g, string node) =>
        g.Members.FirstOrDefault(m => m.Node == node) is { } m ? $"{node} (priority {m.Priority.ToString(CultureInfo.InvariantCulture)})" : node;
}
