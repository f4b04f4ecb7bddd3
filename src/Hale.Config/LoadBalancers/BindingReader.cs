using Hale.Config.Yaml;
using Hale.LoadBalancers;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.LoadBalancers;

/// <summary>
/// Reads the <c>haproxy: [NAME:BACKEND/SERVER, ...]</c> key of services, top-level checks and failover groups (a group is bound
/// as the check served at <c>/NAME</c>: ready on the active member, maint elsewhere): each entry is split at the
/// first <c>:</c> (the balancer, which must be defined under the top-level <c>haproxy:</c>) then at the first <c>/</c> (the
/// server part may contain <c>/</c>).
/// </summary>
internal static class BindingReader
{
    private const string Form = "must be of form \"balancer:backend/server\", e.g. \"main:be_web/web1\"";

    /// <summary>
    /// The bindings of every service (under <paramref name="services"/>), top-level check (under <paramref name="checks"/>) and
    /// failover group (under <paramref name="groups"/>, bound like a check by its name).
    /// </summary>
    public static List<LoadBalancerBinding> ReadAll(YamlNode? services, YamlNode? checks, YamlNode? groups, IReadOnlySet<string> balancers, ErrorSink errors)
    {
        var bindings = new List<LoadBalancerBinding>();
        Collect(services, BindingSource.Service, balancers, errors, bindings);
        Collect(checks, BindingSource.Check, balancers, errors, bindings);
        Collect(groups, BindingSource.Check, balancers, errors, bindings);
        return bindings;
    }

    private static void Collect(YamlNode? section, BindingSource source, IReadOnlySet<string> balancers, ErrorSink errors, List<LoadBalancerBinding> bindings)
    {
        if (section is not YamlMappingNode mapping)
        {
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || value is not YamlMappingNode body)
            {
                continue;
            }

            var node = body.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "haproxy" }).Value;
            if (node is null || YamlValues.IsNull(node))
            {
                continue;
            }

            IReadOnlyList<YamlNode> entries = node is YamlSequenceNode list ? [.. list.Children] : [node];
            foreach (var entry in entries)
            {
                if (Read(entry, balancers, errors) is { } parsed)
                {
                    bindings.Add(new LoadBalancerBinding(source, name, parsed.Balancer, parsed.Server));
                }
            }
        }
    }

    private static (string Balancer, ServerAddress Server)? Read(YamlNode entry, IReadOnlySet<string> balancers, ErrorSink errors)
    {
        if (YamlValues.String(entry, errors, "haproxy") is not { } text)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var slash = colon < 0 ? -1 : text.IndexOf('/', colon + 1);
        if (colon <= 0 || slash <= colon + 1 || slash == text.Length - 1)
        {
            errors.Add(entry, $"haproxy: '{text}' {Form}");
            return null;
        }

        var balancer = text[..colon];
        if (!balancers.Contains(balancer))
        {
            var known = balancers.Count == 0 ? "none is defined under the top-level haproxy" : $"defined: {string.Join(", ", balancers.Order(StringComparer.Ordinal))}";
            errors.Add(entry, $"haproxy: no load balancer named '{balancer}' ({known})");
            return null;
        }

        return (balancer, new ServerAddress(text[(colon + 1)..slash], text[(slash + 1)..]));
    }
}
