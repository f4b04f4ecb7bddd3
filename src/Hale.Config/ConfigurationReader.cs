using System.Net;
using Hale.Config.Checks;
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

    /// <summary><c>state_dir</c> when none is given, relative to the file's folder.</summary>
    public const string DefaultStateDirectory = "./state";

    public static HaleConfiguration Read(string yaml, string sourcePath, TimeProvider time)
    {
        var errors = new ErrorSink(sourcePath);
        var root = YamlSource.Load(yaml, errors);
        var map = root is null ? null : MappingReader.Open(root, errors, "the configuration", "http", "state_dir", "checks");
        if (map is null)
        {
            throw new ConfigException(errors.Sorted());
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? Directory.GetCurrentDirectory();
        var listen = map.Optional("http") is { } http ? Listen(http, errors) : [DefaultListen];
        var stateDirectory = (map.Optional("state_dir") is { } s ? ConfigValues.Path(s, errors, "state_dir", baseDirectory) : null)
            ?? Path.GetFullPath(DefaultStateDirectory, baseDirectory);
        var store = new FileOperatorStateStore(stateDirectory);
        var reader = new CheckReader(new CheckBuildContext(errors, time, baseDirectory, store));
        if (map.Optional("checks") is { } checks)
        {
            AddComponents(checks, reader.Components, errors);
        }

        reader.Components.BuildAll();
        var components = ComponentReader.ReadAll(reader);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors.Sorted());
        }

        return new HaleConfiguration(sourcePath, listen, stateDirectory, store, components);
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

    private static List<IPEndPoint> Listen(YamlNode http, ErrorSink errors)
    {
        if (MappingReader.Open(http, errors, "http", "listen") is not { } map || map.Optional("listen") is not { } listen)
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
