using Hale.LoadBalancers;
using Hale.Text;

namespace Hale.Hosting.Explain;

/// <summary>
/// Why an HAProxy server is in its state: what drives it (a service or a check), the state Hale wants (desired) and the one the
/// balancer last accepted (applied), and whether the balancer can be reached.
/// </summary>
internal static class ServerExplainer
{
    /// <summary>Explains <paramref name="server"/> of <paramref name="balancer"/>.</summary>
    /// <param name="balancer">The balancer's snapshot.</param>
    /// <param name="server">The server's reconcile status.</param>
    /// <param name="drivers">The bindings that drive this server.</param>
    /// <param name="now">The current time.</param>
    /// <param name="full">Whether the balancer's error text is shown.</param>
    public static Explanation Explain(LoadBalancerSnapshot balancer, ServerReconcileStatus server, IReadOnlyList<LoadBalancerBinding> drivers, DateTimeOffset now, bool full)
    {
        var desired = Format(server.Desired);
        var applied = server.LastApplied is { } a ? Format(a) : null;
        var inputs = new List<ExplainInput>();
        foreach (var binding in drivers)
        {
            inputs.Add(new("driven by", $"{(binding.Source == BindingSource.Service ? "service" : "check")} {binding.Name}"));
        }

        inputs.Add(new("balancer", $"{balancer.Name}: {(balancer.Reachable ? "reachable" : "unreachable")}"));
        inputs.Add(new("desired", desired));
        inputs.Add(new("applied", applied ?? "unknown", server.LastAppliedAt));
        if (server.LastError is { } error)
        {
            inputs.Add(new("last error", full ? SafeText.RedactUrls(error) : "(not shown: status without credentials)"));
        }

        if (balancer.NextRetryAt is { } retry)
        {
            inputs.Add(new("next retry", ExplainFormat.Time(retry), retry));
        }

        var driver = drivers.Count == 0 ? "its binding" : string.Join(" and ", drivers.Select(b => $"{(b.Source == BindingSource.Service ? "service" : "check")} {b.Name}"));
        string rule;
        List<string> changes;
        if (applied == desired)
        {
            rule = $"{desired}: {driver} wants {desired}, and {balancer.Name} accepted it";
            changes = [$"{driver} changing (a service ready: ready; stopping: drain then maint; otherwise maint; a check OK: ready, else maint)", $"a drift on {balancer.Name} (e.g. `set server` by hand) is repaired back to {desired}"];
        }
        else
        {
            rule = $"not yet {desired}: {driver} wants {desired}, {balancer.Name} last accepted {applied ?? "nothing known"}" + (server.LastError is not null ? " and the last attempt failed" : string.Empty);
            changes = [balancer.Reachable ? $"the next reconcile applying {desired}" : $"{balancer.Name} becoming reachable" + (balancer.NextRetryAt is { } r ? $" (next retry in {ExplainFormat.Duration(r - now)})" : string.Empty)];
        }

        return new Explanation("server", server.Server.ToString(), applied ?? $"unknown (wanted {desired})", server.LastAppliedAt, rule, inputs, changes);
    }

    private static string Format(ServerAdminState state) => state.ToString().ToLowerInvariant();
}
