using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.LoadBalancers;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.LoadBalancers;

/// <summary>Reads the top-level <c>haproxy:</c> section: <c>NAME: { socket, timeout, drain_timeout, resync_every }</c>.</summary>
internal static class BalancerReader
{
    /// <summary>The keys of a load balancer.</summary>
    public static readonly MappingSpec Spec = new(
        "An HAProxy whose servers Hale sets ready, drain or maint through its runtime API.",
        KeySpec.Must("socket", SchemaNode.Pattern("^(?:tcp|unix)://"), $"Its runtime API socket: {BalancerSocket.Forms}."),
        new("timeout", ValueSchemas.Duration, "How long one runtime API exchange may take; more than zero. Default 2s."),
        new("drain_timeout", ValueSchemas.Duration, "How long a server drains before maint. Default 30s."),
        new("resync_every", ValueSchemas.Duration, "How often HAProxy's state is compared with Hale's and repaired; more than zero. Default 500ms."));

    public static List<BalancerDefinition> ReadAll(YamlNode node, ErrorSink errors)
    {
        var balancers = new List<BalancerDefinition>();
        if (YamlValues.Mapping(node, errors, "haproxy") is not { } mapping)
        {
            return balancers;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || YamlValues.IsNull(key))
            {
                errors.Add(key, $"haproxy: expected a load balancer name, found {YamlValues.Describe(key)}");
                continue;
            }

            if (name.Contains(':', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
            {
                errors.Add(key, $"haproxy: the name '{name}' must not contain ':' or '/' (bindings are NAME:BACKEND/SERVER)");
                continue;
            }

            if (Read(name, value, errors) is { } balancer)
            {
                balancers.Add(balancer);
            }
        }

        return balancers;
    }

    private static BalancerDefinition? Read(string name, YamlNode node, ErrorSink errors)
    {
        var before = errors.Count;
        var what = $"haproxy '{name}'";
        if (MappingReader.Open(node, errors, what, Spec) is not { } map)
        {
            return null;
        }

        string? socket = null;
        if (map.Required("socket") is { } socketNode && YamlValues.String(socketNode, errors, "socket") is { } text)
        {
            if (BalancerSocket.IsValid(text))
            {
                socket = text;
            }
            else
            {
                errors.Add(socketNode, $"socket: '{text}' must be of form {BalancerSocket.Forms}");
            }
        }

        var timeout = Duration(map, "timeout", errors) ?? BalancerDefinition.DefaultTimeout;
        var drainTimeout = map.Optional("drain_timeout") is { } d ? ConfigValues.Duration(d, errors, "drain_timeout", positive: false) : null;
        var resyncEvery = Duration(map, "resync_every", errors) ?? BalancerDefinition.DefaultResyncEvery;
        if (errors.Count > before || socket is null)
        {
            return null;
        }

        return new BalancerDefinition
        {
            Name = name,
            Socket = socket,
            Timeout = timeout,
            DrainTimeout = drainTimeout ?? BalancerDefinition.DefaultDrainTimeout,
            ResyncEvery = resyncEvery,
        };
    }

    private static TimeSpan? Duration(MappingReader map, string key, ErrorSink errors) =>
        map.Optional(key) is { } node ? ConfigValues.Duration(node, errors, key, positive: true) : null;
}
