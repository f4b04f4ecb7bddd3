using System.Text.RegularExpressions;
using Hale.Checks;
using Hale.Config.Checks;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Probes;
using Hale.Processes;
using Hale.Services;
using Microsoft.Extensions.Logging;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Services;

/// <summary>
/// Reads <c>services:</c>: a child Hale owns (<c>run</c>) or a daemon it does not (<c>start</c>, <c>stop</c>, <c>alive</c>),
/// with readiness, dependencies (services or checks; cycles, also through checks, are reported by <see cref="DependencyGraph"/>), restart and stop policies, user, group,
/// working directory, environment, start order, the level of the child's stderr lines (<c>stderr_log_level</c>) and what is
/// kept of its output (<c>log</c>, see <see cref="LogReader"/>).
/// </summary>
internal sealed class ServiceReader(CheckReader checks)
{
    /// <summary>The keys of <c>alive:</c> as a process test (any other mapping is a check).</summary>
    public static readonly MappingSpec AliveSpec = new(
        "How a daemon Hale does not own is found alive: its pid file, a pattern of its process name, or both; or a test command.",
        new("pid_file", SchemaNode.Text, "A file holding the daemon's pid (relative to this file)."),
        new("pname", SchemaNode.Text, "A regular expression matching the daemon's process name."),
        new("test", SchemaNode.Text, "A command that exits 0 while the daemon is alive (10s timeout)."));

    /// <summary>The keys of a service.</summary>
    public static readonly MappingSpec Spec = new(
        "A service: a child Hale owns ('run') or a daemon it does not own ('start' with 'alive', and 'stop').",
        new("run", SchemaNode.OneOf(
                SchemaNode.Text.Describe("A command line: without shell syntax it is split into words and exec'd, else run by /bin/sh -c."),
                SchemaNode.ListOf(SchemaNode.Text, minItems: 1).Describe("The program and its arguments, exec'd as given.")),
            "The child Hale spawns and owns, in its own process group; excludes 'start'."),
        new("start", SchemaNode.Text, "The command that starts a daemon Hale does not own; needs 'alive'. Excludes 'run'."),
        new("stop", SchemaNode.AnyOf(
                SchemaNode.Text.Describe("The command that stops a daemon Hale does not own ('start')."),
                StopReader.Spec.Schema),
            "How the service is stopped: { signal, timeout } for 'run', a command for 'start'. Default: TERM, then SIGKILL after 10s."),
        new("alive", SchemaNode.AnyOf(SchemaNode.Mapping(AliveSpec, minProperties: 1), ValueSchemas.Check),
            "For 'start': how the daemon is found alive: { pid_file, pname }, { test: CMD }, or a check."),
        new("ready", ValueSchemas.Check, "When the service is ready (not just running): a check's name or a check. Default: once started."),
        new("depends_on", SchemaNode.ListOf(ValueSchemas.Check), "What must be ready or OK before it starts: services, checks' names or checks."),
        new("restart", RestartReader.Spec.Schema, "The restart policy: backoff, reset_after, start_window and the start limit."),
        new("order", SchemaNode.Integer(-1_000_000, 1_000_000), "Start order, ascending; services stop in the reverse order. Default 0."),
        new("autostart", SchemaNode.Boolean, "Whether it starts with Hale. Default true (false for a failover group's service)."),
        new("user", SchemaNode.Text, "The user it runs as (Hale must be root to switch)."),
        new("group", SchemaNode.Text, "The group it runs as."),
        new("working_dir", SchemaNode.Text, "Its working directory (relative to this file)."),
        new("environment", SchemaNode.MapOf(SchemaNode.Scalar, namePattern: "^[^=]+$"), "Variables added to its environment: NAME: value."),
        new("check_interval", ValueSchemas.Duration, "How often readiness, liveness and dependencies are evaluated; more than zero. Default 1s."),
        new("command_timeout", ValueSchemas.Duration, "How long a start or stop command may run; more than zero. Default 30s."),
        new("haproxy", ValueSchemas.Bindings, ValueSchemas.BindingsDescription),
        new("stderr_log_level", SchemaNode.Enum("info", "warning", "error"), "The level Hale logs the child's stderr lines at. Default info."),
        new("log", LogReader.ServiceSpec.Schema, "Its output: lines kept for 'hale logs', optional rotated files (a service Hale owns)."));

    private readonly ErrorSink _errors = checks.Context.Errors;

    /// <summary>Every service's <c>log</c> settings before its own <c>log</c> key (the top-level <c>service_log</c>).</summary>
    public ServiceLogOptions LogDefaults { get; init; } = ServiceLogOptions.Default;

    /// <summary>The names under <c>services</c>, in file order (read before any check so that checks may refer to them).</summary>
    public static List<string> Names(YamlNode? services)
    {
        var names = new List<string>();
        if (services is YamlMappingNode mapping)
        {
            names.AddRange(mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).Where(n => n.Length > 0));
        }

        return names;
    }

    public List<ServiceDefinition> ReadAll(YamlNode node)
    {
        var definitions = new List<ServiceDefinition>();
        if (YamlValues.Mapping(node, _errors, "services") is not { } mapping)
        {
            return definitions;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                _errors.Add(key, $"services: expected a service name, found {YamlValues.Describe(key)}");
                continue;
            }

            using var owner = checks.Context.Graph.Enter(DependencyGraph.Service(name));
            if (Read(name, value) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        return definitions;
    }

    private ServiceDefinition? Read(string name, YamlNode node)
    {
        var before = _errors.Count;
        if (MappingReader.Open(node, _errors, $"service '{name}'", Spec) is not { } map)
        {
            return null;
        }

        var c = checks.Context;
        var path = CheckPath.Root($"services.{name}");
        var run = map.Optional("run") is { } r ? RunSpec(r, map, c.BaseDirectory) : null;
        var start = map.Optional("start") is { } s ? YamlValues.String(s, _errors, "start") : null;
        var (stopCommand, stopPolicy) = Stop(map.Optional("stop"));
        string? pidFile = null;
        var alive = map.Optional("alive") is { } a ? Alive(a, path.Child("alive"), out pidFile) : null;
        if ((run is null) == (start is null) && _errors.Count == before)
        {
            _errors.Add(map.Node, run is null
                ? $"service '{name}' needs 'run' (a child Hale owns) or 'start' with 'alive' (a daemon it does not own)"
                : $"service '{name}': 'run' and 'start' exclude each other");
        }
        else if (start is not null && alive is null && _errors.Count == before)
        {
            _errors.Add(map.Node, $"service '{name}' is started by a command, so it needs 'alive' (pid_file, pname, a check or test)");
        }

        var log = LogDefaults;
        if (map.Optional("log") is { } logNode)
        {
            log = LogReader.Read(logNode, _errors, LogDefaults, c.BaseDirectory);
            if (run is null && start is not null)
            {
                _errors.Add(logNode, $"log: service '{name}' is a daemon Hale does not own (start), so Hale never sees its output; 'log' is for 'run'");
            }
        }

        if (run is not null && stopCommand is not null)
        {
            _errors.Add(map.Optional("stop")!, "stop: a stop command is for daemons Hale does not own; for 'run' give { signal, timeout }");
        }

        var definition = new ServiceDefinition
        {
            Name = name,
            Run = run,
            StartCommand = start,
            StopCommand = stopCommand,
            Alive = run is null ? alive : null,
            PidFile = run is null ? pidFile : null,
            Ready = map.Optional("ready") is { } ready ? checks.Read(ready, path.Child("ready")) : null,
            DependsOn = map.Optional("depends_on") is { } d ? DependsOn(d, path.Child("depends_on")) : [],
            Restart = map.Optional("restart") is { } rp ? RestartReader.Read(rp, _errors) ?? new RestartPolicy() : new RestartPolicy(),
            Stop = stopPolicy ?? StopPolicy.Default,
            Order = map.Optional("order") is { } o ? YamlValues.Integer(o, _errors, "order", -1_000_000, 1_000_000) ?? 0 : 0,
            Autostart = map.Optional("autostart") is not { } au || (YamlValues.Boolean(au, _errors, "autostart") ?? true),
            CheckInterval = Duration(map, "check_interval") ?? TimeSpan.FromSeconds(1),
            CommandTimeout = Duration(map, "command_timeout") ?? TimeSpan.FromSeconds(30),
            StderrLogLevel = map.Optional("stderr_log_level") is { } level ? StderrLogLevel(level) : LogLevel.Information,
            Log = log,
        };
        return _errors.Count > before ? null : definition;
    }

    private ProcessSpec? RunSpec(YamlNode run, MappingReader map, string baseDirectory)
    {
        string? line = null;
        List<string>? argv = null;
        if (run is YamlSequenceNode list)
        {
            argv = [.. list.Children.Select(n => YamlValues.String(n, _errors, "run") ?? string.Empty)];
            if (argv.Count == 0)
            {
                _errors.Add(run, "run: the argument list is empty");
            }
        }
        else
        {
            line = YamlValues.String(run, _errors, "run");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map.Optional("environment") is { } envNode && YamlValues.Mapping(envNode, _errors, "environment") is { } env)
        {
            foreach (var (k, v) in env.Children)
            {
                if (k is YamlScalarNode { Value: { Length: > 0 } key } && !key.Contains('=', StringComparison.Ordinal) && v is YamlScalarNode { Value: var value })
                {
                    environment[key] = value ?? string.Empty;
                }
                else
                {
                    _errors.Add(k, "environment: expected NAME: value pairs (names without '=')");
                }
            }
        }

        return new ProcessSpec
        {
            CommandLine = line,
            Argv = argv,
            User = map.Optional("user") is { } u ? YamlValues.String(u, _errors, "user") : null,
            Group = map.Optional("group") is { } g ? YamlValues.String(g, _errors, "group") : null,
            WorkingDirectory = map.Optional("working_dir") is { } w ? ConfigValues.Path(w, _errors, "working_dir", baseDirectory) : null,
            Environment = environment,
            Owner = "hale",
        };
    }

    private (string? Command, StopPolicy? Policy) Stop(YamlNode? node) => node switch
    {
        null => (null, null),
        YamlMappingNode mapping => (null, StopReader.Read(mapping, _errors)),
        _ => (YamlValues.String(node, _errors, "stop"), null),
    };

    /// <summary><c>{ pid_file, pname }</c> (either or both), <c>{ test: CMD }</c>, or any check; <paramref name="pidFile"/> is the pid file, if given.</summary>
    private ICheck? Alive(YamlNode node, CheckPath path, out string? pidFile)
    {
        pidFile = null;
        if (node is YamlMappingNode mapping && mapping.Children.Keys.OfType<YamlScalarNode>().All(k => k.Value is { } key && AliveSpec.Names.Contains(key)))
        {
            if (MappingReader.Open(node, _errors, "alive", AliveSpec) is not { } map)
            {
                return null;
            }

            if (map.Optional("test") is { } test)
            {
                return YamlValues.String(test, _errors, "test") is { } line ? new CommandCheck(line, TimeSpan.FromSeconds(10), checks.Context.Time) : null;
            }

            pidFile = map.Optional("pid_file") is { } p ? ConfigValues.Path(p, _errors, "pid_file", checks.Context.BaseDirectory) : null;
            Regex? pname = null;
            if (map.Optional("pname") is { } pn && YamlValues.String(pn, _errors, "pname") is { } pattern)
            {
                try
                {
                    pname = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    _errors.Add(pn, $"pname: not a valid regular expression: {ex.Message}");
                    return null;
                }
            }

            if (pidFile is null && pname is null)
            {
                _errors.Add(node, "alive: needs pid_file, pname, or both");
                return null;
            }

            return ProcessLiveness.Create(pidFile, pname?.ToString());
        }

        return checks.Read(node, path);
    }

    private List<ServiceDependency> DependsOn(YamlNode node, CheckPath path)
    {
        var dependencies = new List<ServiceDependency>();
        if (YamlValues.Sequence(node, _errors, "depends_on") is not { } list)
        {
            return dependencies;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (item is YamlScalarNode { Value: { } name } && checks.Context.ServiceNames.Contains(name))
            {
                dependencies.Add(new ServiceDependency(name));
                checks.Context.Graph.Add(DependencyGraph.Service(name), item, viaDependsOn: true);
                continue;
            }

            if (item is YamlScalarNode { Value: { } reference } && !checks.Components.Contains(reference))
            {
                _errors.Add(item, $"depends_on: no service or check named '{reference}'");
                continue;
            }

            if (checks.Read(item, path.Child(i.ToString(System.Globalization.CultureInfo.InvariantCulture))) is { } check)
            {
                dependencies.Add(new ServiceDependency(DependencyName(item, check), check));
            }
        }

        return dependencies;
    }

    private static string DependencyName(YamlNode node, ICheck check) => check switch
    {
        CheckReference reference => reference.Name,
        NamedCheck named => named.Name,
        HttpCheck http => http.Options.Url.ToString(),
        TcpCheck tcp => $"{tcp.Host}:{tcp.Port}",
        CommandCheck command => command.CommandLine,
        _ => (node as YamlMappingNode)?.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault()?.Value ?? "a check",
    };

    /// <summary><c>info</c>, <c>warning</c> or <c>error</c>.</summary>
    private LogLevel StderrLogLevel(YamlNode node)
    {
        switch (YamlValues.String(node, _errors, "stderr_log_level"))
        {
            case "info":
                return LogLevel.Information;
            case "warning":
                return LogLevel.Warning;
            case "error":
                return LogLevel.Error;
            case null:
                return LogLevel.Information;
            case var other:
                _errors.Add(node, $"stderr_log_level: expected info, warning or error, found '{other}'");
                return LogLevel.Information;
        }
    }

    private TimeSpan? Duration(MappingReader map, string key) =>
        map.Optional(key) is { } node ? ConfigValues.Duration(node, _errors, key, positive: true) : null;
}
