using System.Text.RegularExpressions;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Importers.Autoheal;

/// <summary>
/// Reads autoheal's conf.yaml (COMPAT.md §5) into an <see cref="AutohealFile"/>: a mapping of service name to <c>pname</c>,
/// <c>pid_file</c>, <c>dep</c> and <c>script</c>. Errors name the line and column of the offending node; unknown keys are
/// warnings. Never throws. Stateless.
/// </summary>
internal static class AutohealParser
{
    private static readonly string[] ServiceKeys = ["pname", "pid_file", "dep", "script"];
    private static readonly string[] TcpKeys = ["name", "host", "port"];
    private static readonly string[] HttpKeys = ["name", "url"];

    /// <summary>Reads <paramref name="text"/>; null when there are errors (all in <paramref name="issues"/>).</summary>
    public static AutohealFile? Parse(string text, ImportIssues issues)
    {
        if (!text.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#') && l.Trim() != "---"))
        {
            issues.Error(1, "the file is empty; expected services, each with pname or pid_file, and script");
            return null;
        }

        var errors = new ErrorSink(issues.File);
        var services = new List<AutohealService>();
        if (YamlSource.Load(text, errors) is { } root && YamlValues.Mapping(root, errors, "the autoheal configuration (service name: settings)") is { } mapping)
        {
            var baseDirectory = StateDirectoryLocator.BaseDirectory(issues.File);
            foreach (var (key, value) in mapping.Children)
            {
                if (key is not YamlScalarNode { Value: { Length: > 0 } name } || YamlValues.IsNull(key))
                {
                    errors.Add(key, $"expected a service name, found {YamlValues.Describe(key)}");
                    continue;
                }

                if (name.Length > YamlQuote.MaxNameLength)
                {
                    errors.Add(key, $"a service's name is longer than {YamlQuote.MaxNameLength} characters");
                    continue;
                }

                if (Service(name, key, value, baseDirectory, errors, issues) is { } service)
                {
                    services.Add(service);
                }
            }
        }

        issues.Add(errors.Sorted());
        return issues.ErrorCount > 0 ? null : new AutohealFile(services);
    }

    private static AutohealService? Service(string name, YamlNode key, YamlNode node, string baseDirectory, ErrorSink errors, ImportIssues issues)
    {
        var before = errors.Count;
        if (YamlValues.Mapping(node, errors, $"service '{name}'") is not { } mapping)
        {
            return null;
        }

        var map = Keys(mapping, ServiceKeys, $"service '{name}'", errors, issues);
        string? pname = null;
        if (map.GetValueOrDefault("pname") is { } pn && YamlValues.String(pn, errors, "pname") is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                pname = pattern;
            }
            catch (ArgumentException ex)
            {
                errors.Add(pn, $"pname: not a valid regular expression: {ex.Message}");
            }
        }

        string? pidFile = null;
        if (map.GetValueOrDefault("pid_file") is { } pf && YamlValues.String(pf, errors, "pid_file") is { } path)
        {
            if (path.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add(pf, "pid_file: a path cannot contain a NUL character");
            }
            else
            {
                pidFile = System.IO.Path.GetFullPath(path, baseDirectory);
            }
        }

        if (!map.ContainsKey("pname") && !map.ContainsKey("pid_file"))
        {
            errors.Add(key, $"service '{name}' needs pname, pid_file or both to tell whether it is alive (autoheal never restarted it without)");
        }

        var script = map.GetValueOrDefault("script") is { } s ? YamlValues.String(s, errors, "script") : null;
        if (!map.ContainsKey("script"))
        {
            errors.Add(key, $"service '{name}' needs script (the command that restarts it)");
        }

        var dependencies = map.GetValueOrDefault("dep") is { } dep ? Dependencies(dep, errors, issues) : [];
        return errors.Count > before || script is null ? null : new AutohealService(name, pname, pidFile, dependencies, script, Line(key));
    }

    private static List<AutohealDependency> Dependencies(YamlNode node, ErrorSink errors, ImportIssues issues)
    {
        var dependencies = new List<AutohealDependency>();
        if (YamlValues.Sequence(node, errors, "dep") is not { } list)
        {
            return dependencies;
        }

        foreach (var item in list.Children)
        {
            if (YamlValues.Mapping(item, errors, "dep entry ({name, host, port} or {name, url})") is not { } mapping)
            {
                continue;
            }

            var http = mapping.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "url");
            var map = Keys(mapping, http ? HttpKeys : TcpKeys, http ? "an HTTP dep ({name, url})" : "a TCP dep ({name, host, port})", errors, issues);
            var name = map.GetValueOrDefault("name") is { } n ? YamlValues.String(n, errors, "name") : null;
            if (http)
            {
                if (YamlValues.String(map["url"], errors, "url") is { } text)
                {
                    if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                    {
                        dependencies.Add(new AutohealDependency(name ?? text, null, null, text, Line(item)));
                    }
                    else
                    {
                        errors.Add(map["url"], $"url: '{text}' is not an absolute http or https URL");
                    }
                }

                continue;
            }

            var host = map.GetValueOrDefault("host") is { } h ? Host(h, errors) : null;
            var port = map.GetValueOrDefault("port") is { } p ? YamlValues.Integer(p, errors, "port", 1, 65535) : null;
            if (!map.ContainsKey("host") || !map.ContainsKey("port"))
            {
                errors.Add(item, "dep: a dependency needs host and port (TCP) or url (HTTP)");
            }
            else if (host is not null && port is not null)
            {
                dependencies.Add(new AutohealDependency(name ?? $"{host}:{port}", host, port, null, Line(item)));
            }
        }

        return dependencies;
    }

    private static string? Host(YamlNode node, ErrorSink errors)
    {
        if (YamlValues.String(node, errors, "host") is not { } host)
        {
            return null;
        }

        if (host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || host.StartsWith('-'))
        {
            errors.Add(node, $"host: '{host}' is not a host name or address");
            return null;
        }

        return host;
    }

    /// <summary>The mapping's values by key; an unknown key is a warning, a key that is not a string an error.</summary>
    private static Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string[] known, string what, ErrorSink errors, ImportIssues issues)
    {
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                errors.Add(key, $"{what}: expected a key name, found {YamlValues.Describe(key)}");
            }
            else if (!known.Contains(name, StringComparer.Ordinal))
            {
                issues.Warn(Line(key), $"unknown key '{name}' in {what} (expected {string.Join(", ", known)}); ignored");
            }
            else if (!YamlValues.IsNull(value))
            {
                values[name] = value;
            }
        }

        return values;
    }

    private static int Line(YamlNode node) => checked((int)node.Start.Line);
}
