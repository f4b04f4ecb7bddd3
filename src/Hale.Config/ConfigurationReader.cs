using System.Net;
using Hale.Auth;
using Hale.Config.Actions;
using Hale.Config.Checks;
using Hale.Config.Groups;
using Hale.Failover.Election;
using Hale.Config.LoadBalancers;
using Hale.Config.Schema;
using Hale.Config.Services;
using Hale.Services;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.State;
using YamlDotNet.RepresentationModel;

namespace Hale.Config;

/// <summary>Reads the whole file: <c>http</c>, <c>state_dir</c>, then <c>checks</c>; collects every error before failing.</summary>
internal static class ConfigurationReader
{
    /// <summary><c>http.listen</c> when none is given: loopback only.</summary>
    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 8080);

    /// <summary><c>action_interval</c> when none is given.</summary>
    public static readonly TimeSpan DefaultActionInterval = TimeSpan.FromSeconds(5);

    /// <summary><c>check_every</c> when none is given: how often a check that Hale consumes runs.</summary>
    public static readonly TimeSpan DefaultCheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>The keys of <c>auth:</c>, of <c>http:</c> and of a oneshot.</summary>
    public static readonly MappingSpec AuthSpec = new(
        "Credentials: an Apache htpasswd file (bcrypt, sha-crypt, MD5-crypt, {SHA} or crypt lines).",
        KeySpec.Must("htpasswd", SchemaNode.Text, "The htpasswd file (relative to this file); read at each request, so edits apply at once."));

    /// <summary>The keys of <c>http:</c>.</summary>
    public static readonly MappingSpec HttpSpec = new(
        "Hale's HTTP listener: GET /NAME answers each served check, and /-/ the status and control endpoints.",
        [
            new("listen", SchemaNode.OneOrList(SchemaNode.Text), "The address(es) to listen on: HOST:PORT, \"[::1]:8080\" for IPv6 (quoted), or a list. Default 127.0.0.1:8080."),
            new("auth", AuthSpec.Schema, "Credentials (HTTP Basic) that service control and the full /-/status need over TCP; without it, control is only over the control socket."),
            .. HttpLimitsReader.Keys,
            .. HttpMetricsReader.Keys,
        ]);

    /// <summary>The keys of the file itself, the root of the schema (<see cref="ConfigSchema"/>).</summary>
    public static readonly MappingSpec Spec = new(
        "Hale's configuration (hale.yaml): checks served over HTTP, supervised services, actions, HAProxy servers and failover groups.",
        new("http", HttpSpec.Schema, "Hale's HTTP listener."),
        new("state_dir", SchemaNode.Text, "Where operator state (toggles, oneshots, held services) survives restarts; relative to this file. Default: see hale's README."),
        new("checks", SchemaNode.MapOf(SchemaNode.Ref(ConfigSchema.ComponentDefinition), ValueSchemas.ServedName), "The top-level checks, each served at /NAME (unless serve: false)."),
        new("services", SchemaNode.MapOf(ServiceReader.Spec.Schema), "Services Hale supervises: children it owns (run) or daemons it does not (start, alive, stop)."),
        new("actions", SchemaNode.MapOf(ActionReader.Spec.Schema), "Commands run when conditions change (heartbeat's promote and demote)."),
        new("action_interval", ValueSchemas.Duration, "How often actions are evaluated; more than zero. Default 5s."),
        new("haproxy", SchemaNode.MapOf(BalancerReader.Spec.Schema, "^[^:/]+$"), "The HAProxy load balancers Hale drives, by name (bindings refer to NAME:BACKEND/SERVER)."),
        new("check_every", ValueSchemas.Duration, "How often a check that something inside Hale consumes runs, unless it has its own 'every'; more than zero. Default 1s."),
        new("auth_limits", AuthLimitsReader.Spec.Schema, "Limits on credential checks."),
        new("reference_depth", SchemaNode.Integer(1, ComponentTable.MaxDepthLimit), $"The longest chain of references between top-level checks. Default {ComponentTable.DefaultMaxDepth}."),
        new("yaml_limits", YamlLimitsScan.Spec.Schema, "Limits that apply while this file is parsed."),
        new("node", SchemaNode.Text, "This node's name in failover groups. Default: the short host name."),
        new("groups", SchemaNode.MapOf(GroupReader.Schema, ValueSchemas.ServedName), "Failover groups, each served at /NAME: coordinator local (ha_valet's) or etcd."),
        new("etcd", EtcdReader.Spec.Schema, "The etcd cluster of coordinator: etcd groups."),
        new("service_log", LogReader.DefaultsSpec.Schema, "The defaults of every service's log: lines kept, rotation size, files kept."));

    public static HaleConfiguration Read(string yaml, string sourcePath, TimeProvider time, IReadOnlyList<string>? importWarnings = null)
    {
        var errors = new ErrorSink(sourcePath);
        var root = YamlSource.Load(yaml, errors); // also reads yaml_limits, which applies while the text is parsed
        var map = root is null ? null : MappingReader.Open(root, errors, "the configuration", Spec);
        if (map is null)
        {
            throw new ConfigException(errors.Sorted());
        }

        var baseDirectory = StateDirectoryLocator.BaseDirectory(sourcePath);
        var authLimits = AuthLimitsReader.Read(map.Optional("auth_limits"), errors);
        var httpMap = map.Optional("http") is { } http ? MappingReader.Open(http, errors, "http", HttpSpec) : null;
        var listen = httpMap is null ? [DefaultListen] : Listen(httpMap, errors);
        var httpLimits = HttpLimitsReader.Read(httpMap, errors);
        var httpMetrics = HttpMetricsReader.Read(httpMap, errors);
        var controlAuth = httpMap?.Optional("auth") is { } auth ? ControlAuth(auth, errors, baseDirectory, time, authLimits) : null;
        var stateNode = map.Optional("state_dir");
        var stateDirectory = (stateNode is not null ? ConfigValues.Path(stateNode, errors, "state_dir", baseDirectory) : null)
            ?? StateDirectoryLocator.Resolve(null, baseDirectory);
        if (PrivateDirectory.Problem(stateDirectory) is { } stateProblem)
        {
            errors.Add(stateNode ?? root!, $"state_dir: {stateProblem}");
        }

        var store = new FileOperatorStateStore(stateDirectory);
        var servicesNode = map.Optional("services");
        var directory = new ServiceDirectory();
        var reader = new CheckReader(new CheckBuildContext(errors, time, baseDirectory, store)
        {
            AuthLimits = authLimits,
            ServiceNames = new HashSet<string>(ServiceReader.Names(servicesNode), StringComparer.Ordinal),
            Services = directory,
        });
        if (map.Optional("reference_depth") is { } depth)
        {
            reader.Components.MaxDepth = YamlValues.Integer(depth, errors, "reference_depth", 1, ComponentTable.MaxDepthLimit) ?? ComponentTable.DefaultMaxDepth;
        }

        if (map.Optional("checks") is { } checks)
        {
            AddComponents(checks, reader.Components, errors);
        }

        reader.Components.BuildAll();
        var components = ComponentReader.ReadAll(reader);
        var logDefaults = LogReader.ReadDefaults(map.Optional("service_log"), errors);
        var services = servicesNode is null ? [] : new ServiceReader(reader) { LogDefaults = logDefaults }.ReadAll(servicesNode);
        LogReader.ReportSharedFiles(services, servicesNode, errors);
        reader.Context.Graph.ReportCycles(errors);
        var fingerprints = Fingerprints(servicesNode, YamlFingerprint.Of);
        if (map.Optional("service_log") is { } serviceLog)
        {
            // The defaults are part of every service's definition: a change is applied to each (in place, as for its own 'log').
            foreach (var name in fingerprints.Keys.ToList())
            {
                fingerprints[name] += "|service_log:" + YamlFingerprint.Of(serviceLog);
            }
        }
        var processFingerprints = Fingerprints(servicesNode, ServiceProcessFingerprint);
        var actionsNode = map.Optional("actions");
        var actions = actionsNode is null ? [] : new ActionReader(reader).ReadAll(actionsNode);
        var actionInterval = map.Optional("action_interval") is { } ai ? ConfigValues.Duration(ai, errors, "action_interval", positive: true) : DefaultActionInterval;
        var checkEvery = map.Optional("check_every") is { } ce ? ConfigValues.Duration(ce, errors, "check_every", positive: true) : DefaultCheckEvery;
        var haproxyNode = map.Optional("haproxy");
        var balancers = haproxyNode is null ? [] : BalancerReader.ReadAll(haproxyNode, errors);
        var balancerNames = haproxyNode is YamlMappingNode haproxyMap
            ? haproxyMap.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var bindings = BindingReader.ReadAll(servicesNode, map.Optional("checks"), map.Optional("groups"), balancerNames, errors);
        var node = GroupReader.Node(map.Optional("node"), errors);
        var checkNames = components.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var serviceNames = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var electionGroups = new List<ElectionGroupDefinition>();
        var groupsNode = map.Optional("groups");
        var groups = groupsNode is null ? [] : GroupReader.ReadAll(groupsNode, errors, checkNames, serviceNames, electionGroups);
        var etcd = map.Optional("etcd") is { } etcdNode ? EtcdReader.Read(etcdNode, errors) : null;
        if (electionGroups.Count > 0 && etcd is null && map.Optional("etcd") is null)
        {
            errors.Add(groupsNode!, $"group '{electionGroups[0].Name}' has coordinator: etcd, but there is no 'etcd:' section (endpoints)");
        }

        foreach (var shared in electionGroups.Where(g => g.Service is not null).GroupBy(g => g.Service!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(groupsNode!, $"service '{shared.Key}' belongs to more than one failover group ({string.Join(", ", shared.Select(g => g.Name))})");
        }

        var grouped = electionGroups.Where(g => g.Service is not null).Select(g => g.Service!).ToHashSet(StringComparer.Ordinal);
        services = [.. services.Select(s => grouped.Contains(s.Name) ? s with { Autostart = false } : s)];
        if (errors.Count > 0)
        {
            throw new ConfigException(errors.Sorted());
        }

        reader.Context.Checks.Publish(components.Select(c => c.Check));
        var section = new ServiceSection(services, fingerprints, actions, actionInterval ?? DefaultActionInterval, directory, controlAuth);
        return new HaleConfiguration(sourcePath, listen, stateDirectory, store, components, section, balancers, bindings)
        {
            Checks = reader.Context.Checks,
            HttpLimits = httpLimits,
            HttpMetrics = httpMetrics,
            CheckEvery = checkEvery ?? DefaultCheckEvery,
            AuthLimits = authLimits,
            ServiceProcessFingerprints = processFingerprints,
            ActionFingerprints = Fingerprints(actionsNode, YamlFingerprint.Of),
            Warnings = [.. importWarnings ?? [], .. store.TakeWarnings()],
            Node = node,
            Groups = groups,
            ElectionGroups = electionGroups,
            Coordination = etcd,
        };
    }

    /// <summary>The fingerprint of each entry of a mapping (services, actions) by name; empty when the node is not a mapping.</summary>
    private static Dictionary<string, string> Fingerprints(YamlNode? node, Func<YamlNode, string> fingerprint) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Where(p => p.Key is YamlScalarNode).GroupBy(p => ((YamlScalarNode)p.Key).Value ?? string.Empty, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => fingerprint(g.First().Value), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The fingerprint of what makes a service's process what it is (its program, identity and environment, and the commands
    /// of a daemon Hale does not own): when only the rest changed (restart, stop signal and timeout, readiness, dependencies,
    /// order), a reload applies the new definition without restarting the process.
    /// </summary>
    private static string ServiceProcessFingerprint(YamlNode service)
    {
        if (service is not YamlMappingNode mapping)
        {
            return YamlFingerprint.Of(service);
        }

        var process = new YamlMappingNode();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is "run" or "start" or "alive" or "user" or "group" or "working_dir" or "environment"
                || (name == "stop" && value is YamlScalarNode))
            {
                process.Add(key, value);
            }
        }

        return YamlFingerprint.Of(process);
    }

    private static void AddComponents(YamlNode node, ComponentTable table, ErrorSink errors)
    {
        if (YamlValues.Mapping(node, errors, "checks") is not { } mapping)
        {
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                errors.Add(key, $"checks: expected a check name, found {YamlValues.Describe(key)}");
                continue;
            }

            var valid = true;
            if (name.Length == 0 || YamlValues.IsNull(key))
            {
                errors.Add(key, "checks: a check name must not be empty");
                valid = false;
            }
            else if (name.StartsWith('/'))
            {
                errors.Add(key, $"checks: the name '{name}' must not start with '/' (it is served at /NAME)");
                valid = false;
            }

            table.Add(new ComponentEntry(name, key, value, valid));
        }
    }

    private static HtpasswdFile? ControlAuth(YamlNode auth, ErrorSink errors, string baseDirectory, TimeProvider time, AuthLimits limits)
    {
        if (MappingReader.Open(auth, errors, "auth", AuthSpec) is not { } map || map.Required("htpasswd") is not { } file)
        {
            return null;
        }

        return ConfigValues.Path(file, errors, "htpasswd", baseDirectory) is { } path ? new HtpasswdFile(path, time, limits) : null;
    }

    private static List<IPEndPoint> Listen(MappingReader map, ErrorSink errors)
    {
        if (map.Optional("listen") is not { } listen)
        {
            return [DefaultListen];
        }

        IReadOnlyList<YamlNode> entries = listen is YamlSequenceNode list ? [.. list.Children] : [listen];
        if (entries.Count == 0)
        {
            errors.Add(listen, "listen: needs at least one address");
        }

        var endPoints = new List<IPEndPoint>();
        foreach (var entry in entries)
        {
            if (YamlValues.String(entry, errors, "listen") is not { } text)
            {
                continue;
            }

            if (EndPointParser.TryParseListen(text, out var endPoint, out var error))
            {
                endPoints.Add(endPoint);
            }
            else
            {
                errors.Add(entry, $"listen: {error}");
            }
        }

        return endPoints;
    }
}
