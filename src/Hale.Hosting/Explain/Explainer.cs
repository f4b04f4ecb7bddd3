namespace Hale.Hosting.Explain;

/// <summary>
/// Finds what a name means and explains it. A name is looked up among every kind at once: services, checks, actions, HAProxy
/// servers (<c>BACKEND/SERVER</c>, or <c>BALANCER:BACKEND/SERVER</c> when several balancers have it) and failover groups; when
/// several things have the name (a service and a check both called <c>web</c>) all are explained. When nothing has the name
/// and it starts with a kind and a slash (<c>service/web</c>, <c>check/web</c>, <c>action/</c>, <c>server/</c>, <c>group/</c>),
/// only that kind is searched for the rest. A group's own role check (served at <c>/GROUP</c>) is explained as the group.
/// Thread-safe: reads snapshots only.
/// </summary>
internal sealed class Explainer(ExplainSources sources)
{
    /// <summary>The kinds, as a <c>KIND/</c> prefix names them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["service", "check", "action", "server", "group"];

    /// <summary>Every thing named <paramref name="name"/>, explained; empty when nothing has that name.</summary>
    /// <param name="name">A name, or <c>KIND/NAME</c>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="full">Whether details that may hold secrets are shown.</param>
    public IReadOnlyList<Explanation> Explain(string name, DateTimeOffset now, bool full)
    {
        var found = Find(name, kind: null, now, full);
        if (found.Count == 0)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && Kinds.Contains(name[..slash]) && slash < name.Length - 1)
            {
                found = Find(name[(slash + 1)..], name[..slash], now, full);
            }
        }

        return found;
    }

    private List<Explanation> Find(string name, string? kind, DateTimeOffset now, bool full)
    {
        var found = new List<Explanation>();
        var groups = sources.Groups?.Invoke() ?? [];
        if (kind is null or "service" && sources.Services is { } services && services.GetStatus(name) is { } status)
        {
            var definition = services.Definitions.FirstOrDefault(d => d.Name == name);
            found.Add(ServiceExplainer.Explain(status, definition, services.GetStatus, now, full));
        }

        if (kind is null or "check"
            && sources.Components().FirstOrDefault(c => c.Name == name) is { } component
            && !groups.Any(g => g.Name == name))
        {
            found.Add(CheckExplainer.Explain(component.Check, component.Served, now, full));
        }

        if (kind is null or "action" && sources.Actions?.Invoke().FirstOrDefault(a => a.Name == name) is { } action)
        {
            found.Add(ActionExplainer.Explain(action, now, full));
        }

        if (kind is null or "server")
        {
            found.AddRange(Servers(name, now, full));
        }

        if (kind is null or "group" && groups.FirstOrDefault(g => g.Name == name) is { } group)
        {
            found.Add(GroupExplainer.Explain(group, now, full));
        }

        return found;
    }

    private IEnumerable<Explanation> Servers(string name, DateTimeOffset now, bool full)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var balancerName = colon > 0 ? name[..colon] : null;
        var address = colon > 0 ? name[(colon + 1)..] : name;
        var bindings = sources.Bindings?.Invoke() ?? [];
        foreach (var balancer in sources.Balancers?.Invoke() ?? [])
        {
            if (balancerName is not null && balancer.Name != balancerName)
            {
                continue;
            }

            foreach (var server in balancer.Servers.Where(s => s.Server.ToString() == address))
            {
                var drivers = bindings.Where(b => b.Balancer == balancer.Name && b.Server == server.Server).ToList();
                yield return ServerExplainer.Explain(balancer, server, drivers, now, full);
            }
        }
    }
}
