using System.Collections.Immutable;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Failover;
using Hale.Failover.Election;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Groups;

/// <summary>
/// Reads <c>node:</c> and <c>groups:</c> (failover groups):
/// <c>NAME: { coordinator: local, interval, hosts: { HOST: { priority: N } }, user, test, start, stop, timeout }</c>.
/// <c>coordinator: etcd</c> groups are read by <see cref="EtcdGroupReader"/>.
/// </summary>
internal static class GroupReader
{
    /// <summary>The keys of a host of a <c>coordinator: local</c> group.</summary>
    public static readonly MappingSpec HostSpec = new(
        "A member of the group.",
        KeySpec.Must("priority", SchemaNode.Integer(1, 254), "The member's priority, 1..254 (the test command's exit code it is compared with)."));

    /// <summary>The keys of a <c>coordinator: local</c> group.</summary>
    public static readonly MappingSpec LocalSpec = new(
        "A failover group in ha_valet's manner: Hale tests every host with commands and starts the service on the best one; served at /NAME.",
        KeySpec.Must("coordinator", SchemaNode.Enum("local"), "local: this Hale probes the members with the test command."),
        new("interval", ValueSchemas.Duration, "How often the members are probed; more than zero. Default 5s."),
        KeySpec.Must("hosts", SchemaNode.MapOf(HostSpec.Schema, minProperties: 1), "The members: HOST: { priority: N }."),
        new("user", SchemaNode.Text, "The user bound to {user} in the commands."),
        KeySpec.Must("test", SchemaNode.Text, "The test command template ({host}, {user}); its exit code is the instance's priority."),
        KeySpec.Must("start", SchemaNode.Text, "The start command template."),
        KeySpec.Must("stop", SchemaNode.Text, "The stop command template."),
        new("timeout", ValueSchemas.Duration, "How long each command may run; more than zero. Default 10s."),
        new("haproxy", ValueSchemas.Bindings, ValueSchemas.BindingsDescription));

    /// <summary>A group of either coordinator, told apart by <c>coordinator</c> as <see cref="ReadAll"/> does.</summary>
    public static SchemaNode Schema { get; } = SchemaNode.OneOf(LocalSpec.Schema, EtcdGroupReader.Spec.Schema);

    /// <summary>This node's name: <c>node:</c>, else the short host name.</summary>
    public static string Node(YamlNode? node, ErrorSink errors)
    {
        if (node is not null && YamlValues.String(node, errors, "node") is { } text)
        {
            if (CommandTemplate.CheckValue("node", text) is { } problem)
            {
                errors.Add(node, problem);
            }

            return text;
        }

        return ShortHostName();
    }

    /// <summary>The short host name (up to the first dot).</summary>
    public static string ShortHostName()
    {
        var name = System.Net.Dns.GetHostName();
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }

    /// <summary>Every valid group, in file order; the others are reported.</summary>
    /// <param name="node">The <c>groups:</c> value.</param>
    /// <param name="errors">Where errors go.</param>
    /// <param name="takenNames">Names already served at <c>/NAME</c> (top-level checks).</param>
    /// <param name="serviceNames">The services, which a <c>coordinator: etcd</c> group may name.</param>
    /// <param name="electionGroups">Where the valid <c>coordinator: etcd</c> groups go, in file order.</param>
    /// <returns>The valid <c>coordinator: local</c> groups, in file order.</returns>
    public static List<LocalGroupDefinition> ReadAll(
        YamlNode node, ErrorSink errors, IReadOnlySet<string> takenNames, IReadOnlySet<string> serviceNames, List<ElectionGroupDefinition> electionGroups)
    {
        var groups = new List<LocalGroupDefinition>();
        if (YamlValues.Mapping(node, errors, "groups") is not { } mapping)
        {
            return groups;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || YamlValues.IsNull(key))
            {
                errors.Add(key, $"groups: expected a group name, found {YamlValues.Describe(key)}");
                continue;
            }

            if (name.StartsWith('/'))
            {
                errors.Add(key, $"groups: the name '{name}' must not start with '/' (it is served at /NAME)");
                continue;
            }

            if (takenNames.Contains(name))
            {
                errors.Add(key, $"groups: the name '{name}' is already a check's (both would be served at /{name})");
                continue;
            }

            switch (Coordinator(name, value, errors))
            {
                case "local" when Read(name, value, errors) is { } group:
                    groups.Add(group);
                    break;
                case "etcd" when EtcdGroupReader.Read(name, value, errors, takenNames, serviceNames) is { } election:
                    electionGroups.Add(election);
                    break;
            }
        }

        return groups;
    }

    /// <summary>The group's <c>coordinator</c> (local or etcd), or null when it is missing or wrong (reported).</summary>
    private static string? Coordinator(string name, YamlNode node, ErrorSink errors)
    {
        var what = $"group '{name}'";
        if (YamlValues.Mapping(node, errors, what) is not { } mapping)
        {
            return null;
        }

        var coordinatorNode = mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "coordinator" }).Value;
        if (coordinatorNode is null || YamlValues.IsNull(coordinatorNode))
        {
            errors.Add(coordinatorNode ?? mapping, $"{what} needs 'coordinator' (local or etcd)");
            return null;
        }

        var coordinator = YamlValues.String(coordinatorNode, errors, $"{what}: coordinator");
        if (coordinator is not (null or "local" or "etcd"))
        {
            errors.Add(coordinatorNode, $"{what}: coordinator: expected local or etcd, found '{Hale.Text.SafeText.ForLog(coordinator)}'");
            return null;
        }

        return coordinator;
    }

    private static LocalGroupDefinition? Read(string name, YamlNode node, ErrorSink errors)
    {
        var what = $"group '{name}'";
        var before = errors.Count;
        if (MappingReader.Open(node, errors, what, LocalSpec) is not { } map)
        {
            return null;
        }

        var interval = map.Optional("interval") is { } i ? ConfigValues.Duration(i, errors, $"{what}: interval", positive: true) : LocalGroupDefinition.DefaultInterval;
        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, errors, $"{what}: timeout", positive: true) : LocalGroupDefinition.DefaultTimeout;
        var members = map.Required("hosts") is { } h ? Members(h, errors, what) : [];
        string? user = null;
        if (map.Optional("user") is { } u && YamlValues.String(u, errors, $"{what}: user") is { } userText)
        {
            if (CommandTemplate.CheckValue("user", userText) is { } problem)
            {
                errors.Add(u, $"{what}: {problem}");
            }

            user = userText;
        }

        var test = Command(map, "test", errors, what, user);
        var start = Command(map, "start", errors, what, user);
        var stop = Command(map, "stop", errors, what, user);
        if (errors.Count > before || interval is null || timeout is null || test is null || start is null || stop is null)
        {
            return null;
        }

        return new LocalGroupDefinition(name, members, interval.Value, user, test, start, stop, timeout.Value);
    }

    private static string? Command(MappingReader map, string key, ErrorSink errors, string what, string? user)
    {
        if (map.Required(key) is not { } node || YamlValues.String(node, errors, $"{what}: {key}") is not { } text)
        {
            return null;
        }

        if (text.Trim().Length == 0)
        {
            errors.Add(node, $"{what}: {key} must not be empty");
            return null;
        }

        if (user is null && text.Contains(CommandTemplate.UserPlaceholder, StringComparison.Ordinal))
        {
            errors.Add(node, $"{what}: {key} uses {{user}} but the group has no 'user'");
            return null;
        }

        return text;
    }

    private static ImmutableArray<FailoverMember> Members(YamlNode node, ErrorSink errors, string what)
    {
        if (YamlValues.Mapping(node, errors, $"{what}: hosts") is not { } mapping)
        {
            return [];
        }

        if (mapping.Children.Count == 0)
        {
            errors.Add(node, $"{what}: hosts needs at least one host");
            return [];
        }

        var members = ImmutableArray.CreateBuilder<FailoverMember>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } host } || YamlValues.IsNull(key))
            {
                errors.Add(key, $"{what}: hosts: expected a host name, found {YamlValues.Describe(key)}");
                continue;
            }

            if (CommandTemplate.CheckValue("host", host) is { } problem)
            {
                errors.Add(key, $"{what}: {problem}");
                continue;
            }

            if (!seen.Add(host))
            {
                errors.Add(key, $"{what}: host '{host}' appears twice (host names are compared case-insensitively)");
                continue;
            }

            if (MappingReader.Open(value, errors, $"{what}: host '{host}'", HostSpec) is not { } hostMap)
            {
                continue;
            }

            var priority = hostMap.Required("priority") is { } p ? YamlValues.Integer(p, errors, $"{what}: host '{host}': priority", 1, 254) : null;
            if (priority is { } n)
            {
                members.Add(new FailoverMember(host, n));
            }
        }

        return members.ToImmutable();
    }
}
