using System.Collections.Immutable;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Failover.Election;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Groups;

/// <summary>
/// Reads a <c>coordinator: etcd</c> group:
/// <c>NAME: { coordinator: etcd, priority, service, healthy, preempt: { enabled, delay } | BOOL, promote, demote, timeout, fence }</c>.
/// <c>promote</c> and <c>demote</c> take one command or a list of commands; <c>haproxy</c> is read by <c>BindingReader</c>.
/// </summary>
internal static class EtcdGroupReader
{
    /// <summary>The keys of the preempt mapping.</summary>
    public static readonly MappingSpec PreemptSpec = new(
        "Whether a better member takes over from a worse leader, and after how long.",
        new("enabled", SchemaNode.Boolean, "Whether it does. Default true when preempt is a mapping."),
        new("delay", ValueSchemas.Duration, "How long a better member must be healthy before it preempts. Default 10s."));

    /// <summary>The keys of a <c>coordinator: etcd</c> group.</summary>
    public static readonly MappingSpec Spec = new(
        "A failover group whose members elect a leader through etcd (the etcd section); served at /NAME (OK on the leader).",
        KeySpec.Must("coordinator", SchemaNode.Enum("etcd"), "etcd: the members elect a leader through the etcd section's cluster."),
        new("priority", SchemaNode.Integer(0, 65535), "This node's priority in the group; lower wins. Default 100."),
        new("service", SchemaNode.Text, "A service started on promotion and stopped on demotion (and not started otherwise)."),
        new("healthy", SchemaNode.Text, "A top-level check that must be OK for this node to lead. Default: always healthy."),
        new("preempt", SchemaNode.AnyOf(SchemaNode.Boolean, PreemptSpec.Schema), "Whether a better member takes over from a worse leader: true/false or { enabled, delay }. Default false."),
        new("promote", ValueSchemas.Commands, "Commands run in order after the service started."),
        new("demote", ValueSchemas.Commands, "Commands run in order on demotion, before the service is stopped."),
        new("timeout", ValueSchemas.Duration, "How long each promote or demote command may run; more than zero. Default 10s."),
        new("fence", SchemaNode.Text, "The command run when this node stops renewing its lease while active. Default: the service's stop command when Hale does not own it."),
        new("haproxy", ValueSchemas.Bindings, ValueSchemas.BindingsDescription));

    /// <summary>The group, or null when it has errors (reported).</summary>
    /// <param name="name">The group's name.</param>
    /// <param name="node">Its mapping.</param>
    /// <param name="errors">Where errors go.</param>
    /// <param name="checkNames">The top-level checks (what <c>healthy</c> may name).</param>
    /// <param name="serviceNames">The services (what <c>service</c> may name).</param>
    public static ElectionGroupDefinition? Read(string name, YamlNode node, ErrorSink errors, IReadOnlySet<string> checkNames, IReadOnlySet<string> serviceNames)
    {
        var what = $"group '{name}'";
        var before = errors.Count;
        if (MappingReader.Open(node, errors, what, Spec) is not { } map)
        {
            return null;
        }

        var priority = map.Optional("priority") is { } p ? YamlValues.Integer(p, errors, $"{what}: priority", 0, 65535) : 100;
        var service = Name(map, "service", errors, what, serviceNames, "service");
        var healthy = Name(map, "healthy", errors, what, checkNames, "check");
        var (preempt, delay) = map.Optional("preempt") is { } pre ? Preempt(pre, errors, what) : (false, ElectionGroupDefinition.DefaultPreemptDelay);
        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, errors, $"{what}: timeout", positive: true) : ElectionGroupDefinition.DefaultCommandTimeout;
        var promote = map.Optional("promote") is { } pr ? Commands(pr, errors, $"{what}: promote") : [];
        var demote = map.Optional("demote") is { } de ? Commands(de, errors, $"{what}: demote") : [];
        string? fence = null;
        if (map.Optional("fence") is { } f && YamlValues.String(f, errors, $"{what}: fence") is { } fenceText)
        {
            if (fenceText.Trim().Length == 0)
            {
                errors.Add(f, $"{what}: fence must not be empty");
            }

            fence = fenceText;
        }

        if (errors.Count > before || priority is null || timeout is null)
        {
            return null;
        }

        return new ElectionGroupDefinition(name, priority.Value, service, healthy, preempt, delay, promote, demote, timeout.Value, fence);
    }

    private static string? Name(MappingReader map, string key, ErrorSink errors, string what, IReadOnlySet<string> known, string kind)
    {
        if (map.Optional(key) is not { } node || YamlValues.String(node, errors, $"{what}: {key}") is not { } text)
        {
            return null;
        }

        if (!known.Contains(text))
        {
            errors.Add(node, $"{what}: {key}: no {kind} named '{text}'");
            return null;
        }

        return text;
    }

    private static (bool Enabled, TimeSpan Delay) Preempt(YamlNode node, ErrorSink errors, string what)
    {
        if (node is YamlScalarNode)
        {
            return (YamlValues.Boolean(node, errors, $"{what}: preempt") ?? false, ElectionGroupDefinition.DefaultPreemptDelay);
        }

        if (MappingReader.Open(node, errors, $"{what}: preempt", PreemptSpec) is not { } map)
        {
            return (false, ElectionGroupDefinition.DefaultPreemptDelay);
        }

        var enabled = map.Optional("enabled") is { } e ? YamlValues.Boolean(e, errors, $"{what}: preempt: enabled") ?? false : true;
        var delay = map.Optional("delay") is { } d ? ConfigValues.Duration(d, errors, $"{what}: preempt: delay", positive: false) : null;
        return (enabled, delay ?? ElectionGroupDefinition.DefaultPreemptDelay);
    }

    private static ImmutableArray<string> Commands(YamlNode node, ErrorSink errors, string what)
    {
        var nodes = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        var commands = ImmutableArray.CreateBuilder<string>();
        foreach (var item in nodes)
        {
            if (YamlValues.String(item, errors, what) is not { } text)
            {
                continue;
            }

            if (text.Trim().Length == 0)
            {
                errors.Add(item, $"{what}: a command must not be empty");
                continue;
            }

            commands.Add(text);
        }

        return commands.ToImmutable();
    }
}
