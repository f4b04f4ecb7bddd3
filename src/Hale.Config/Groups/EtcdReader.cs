using System.Collections.Immutable;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Failover.Election;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Groups;

/// <summary>Reads <c>etcd: { endpoints: [URL, ...], prefix, lease_ttl, timeout }</c>, where <c>coordinator: etcd</c> groups meet.</summary>
internal static class EtcdReader
{
    /// <summary>The keys of <c>etcd:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "The etcd cluster where coordinator: etcd groups elect their leaders.",
        KeySpec.Must("endpoints", SchemaNode.OneOrList(SchemaNode.Pattern("^http://")), "The members' URLs, e.g. http://10.0.0.1:2379 (plain HTTP)."),
        new("prefix", SchemaNode.Pattern("^/(?:.*/)?$"), "The key prefix the groups live under; starts and ends with '/'. Default /hale/."),
        new("lease_ttl", ValueSchemas.Duration, "The leader's lease, in whole seconds from 1s to 300s. Default 5s; the leader demotes after half of it without an answered renewal."),
        new("timeout", ValueSchemas.Duration, "How long one etcd call may take; at most a quarter of lease_ttl. Default a quarter of lease_ttl, at most 1s."));

    /// <summary>The settings, or null when they have errors (reported).</summary>
    /// <param name="node">The <c>etcd:</c> value.</param>
    /// <param name="errors">Where errors go.</param>
    public static CoordinationSettings? Read(YamlNode node, ErrorSink errors)
    {
        var before = errors.Count;
        if (MappingReader.Open(node, errors, "etcd", Spec) is not { } map)
        {
            return null;
        }

        var endpoints = map.Required("endpoints") is { } e ? Endpoints(e, errors) : [];
        var prefix = CoordinationSettings.DefaultPrefix;
        if (map.Optional("prefix") is { } p && YamlValues.String(p, errors, "etcd: prefix") is { } prefixText)
        {
            if (!prefixText.StartsWith('/') || !prefixText.EndsWith('/') || prefixText.Any(char.IsControl))
            {
                errors.Add(p, $"etcd: prefix: expected a key prefix that starts and ends with '/', found '{SafeText(prefixText)}'");
            }

            prefix = prefixText;
        }

        var ttl = map.Optional("lease_ttl") is { } l ? ConfigValues.Duration(l, errors, "etcd: lease_ttl", positive: true) : CoordinationSettings.DefaultLeaseTtl;
        if (ttl is { } lease && (lease.Ticks % TimeSpan.TicksPerSecond != 0 || lease < TimeSpan.FromSeconds(1) || lease > TimeSpan.FromSeconds(300)))
        {
            errors.Add(map.Optional("lease_ttl")!, $"etcd: lease_ttl: expected whole seconds from 1s to 300s (etcd's unit), found {lease.TotalSeconds:0.###}s");
        }

        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, errors, "etcd: timeout", positive: true) : null;
        if (timeout is { } call && ttl is { } leaseTtl && call > leaseTtl / 4)
        {
            errors.Add(map.Optional("timeout")!, $"etcd: timeout: {call.TotalMilliseconds:0}ms is more than a quarter of lease_ttl ({leaseTtl.TotalSeconds:0}s); a leader must notice a lost store well within its lease");
        }

        if (errors.Count > before || ttl is null)
        {
            return null;
        }

        var callTimeout = timeout ?? CoordinationSettings.DefaultCallTimeout(ttl.Value);
        return new CoordinationSettings(endpoints, prefix, ttl.Value, callTimeout);
    }

    private static ImmutableArray<Uri> Endpoints(YamlNode node, ErrorSink errors)
    {
        var before = errors.Count;
        var items = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        var endpoints = ImmutableArray.CreateBuilder<Uri>();
        foreach (var item in items)
        {
            if (YamlValues.String(item, errors, "etcd: endpoints") is not { } text)
            {
                continue;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                errors.Add(item, $"etcd: endpoints: expected a URL such as http://10.0.0.1:2379 (plain HTTP; TLS is not supported yet), found '{SafeText(text)}'");
                continue;
            }

            endpoints.Add(uri);
        }

        if (endpoints.Count == 0 && errors.Count == before)
        {
            errors.Add(node, "etcd: endpoints needs at least one URL");
        }

        return endpoints.ToImmutable();
    }

    private static string SafeText(string text) => Hale.Text.SafeText.ForLog(text);
}
