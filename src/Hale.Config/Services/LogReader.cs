using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Logs;
using Hale.Services;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Services;

/// <summary>
/// Reads a service's <c>log: { lines, file, stderr_file, max_size, keep }</c> and the top-level <c>service_log: { lines, max_size,
/// keep }</c> that gives every service's defaults. A file Hale could not write (a directory, no write permission, a parent that is
/// a file) is reported here, at load, naming the key; nothing is created.
/// </summary>
internal static class LogReader
{
    private static readonly KeySpec Lines =
        new("lines", SchemaNode.Integer(0, ServiceLogOptions.MaxLines), $"Output lines kept in memory for 'hale logs' (0 keeps none; following still works). Default {ServiceLogOptions.DefaultLines}.");

    private static readonly KeySpec[] RotationKeys =
    [
        new("max_size", ValueSchemas.Size, "A log file's size at which it is rotated (binary units: 10MB = 10 MiB); at least 1KB. Default 10MB."),
        new("keep", SchemaNode.Integer(0, 1000), $"Rotated files kept beside the current one. Default {ServiceLogOptions.DefaultKeep}."),
    ];

    /// <summary>The keys of a service's <c>log:</c>.</summary>
    public static readonly MappingSpec ServiceSpec = new(
        "The service's output: the lines kept for 'hale logs', and optional rotated files.",
        [
            Lines,
            new("file", SchemaNode.Text, "A file the service's output is written to, rotated at max_size (relative to this file); both streams unless stderr_file is given."),
            new("stderr_file", SchemaNode.Text, "A file of its own for the service's stderr (relative to this file)."),
            .. RotationKeys,
        ]);

    /// <summary>The keys of the top-level <c>service_log:</c>.</summary>
    public static readonly MappingSpec DefaultsSpec = new("The defaults of every service's log: lines kept, rotation size and files kept.", [Lines, .. RotationKeys]);

    /// <summary><c>service_log</c>: the defaults of every service's <c>log</c>; <see cref="ServiceLogOptions.Default"/> when absent.</summary>
    public static ServiceLogOptions ReadDefaults(YamlNode? node, ErrorSink errors) =>
        node is null || MappingReader.Open(node, errors, "service_log", DefaultsSpec) is not { } map
            ? ServiceLogOptions.Default
            : Read(map, errors, ServiceLogOptions.Default, "service_log");

    /// <summary>A service's <c>log</c>, over <paramref name="defaults"/>.</summary>
    public static ServiceLogOptions Read(YamlNode node, ErrorSink errors, ServiceLogOptions defaults, string baseDirectory)
    {
        if (MappingReader.Open(node, errors, "log", ServiceSpec) is not { } map)
        {
            return defaults;
        }

        var options = Read(map, errors, defaults, "log") with
        {
            File = File(map, errors, "file", baseDirectory),
            StderrFile = File(map, errors, "stderr_file", baseDirectory),
        };
        if (options.File is not null && options.File == options.StderrFile)
        {
            errors.Add(map.Optional("stderr_file")!, $"log.stderr_file: the same file as log.file ({options.File}); leave it out to write both streams there");
        }

        return options;
    }

    /// <summary>Reports a log file that two services (or both streams of two services) would write.</summary>
    public static void ReportSharedFiles(IReadOnlyList<ServiceDefinition> services, YamlNode? servicesNode, ErrorSink errors)
    {
        var writers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var file in new[] { service.Log.File, service.Log.StderrFile }.OfType<string>())
            {
                if (!writers.TryAdd(file, service.Name) && writers[file] != service.Name)
                {
                    errors.Add(LogNode(servicesNode, service.Name) ?? servicesNode!, $"log: services '{writers[file]}' and '{service.Name}' both write {file}; give each its own file");
                }
            }
        }
    }

    private static YamlNode? LogNode(YamlNode? servicesNode, string service) =>
        (servicesNode as YamlMappingNode)?.Children
            .Where(p => p.Key is YamlScalarNode { Value: var name } && name == service)
            .Select(p => p.Value is YamlMappingNode m ? m.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "log" }).Value : null)
            .FirstOrDefault();

    private static ServiceLogOptions Read(MappingReader map, ErrorSink errors, ServiceLogOptions defaults, string what) => defaults with
    {
        Lines = map.Optional("lines") is { } lines ? YamlValues.Integer(lines, errors, $"{what}.lines", 0, ServiceLogOptions.MaxLines) ?? defaults.Lines : defaults.Lines,
        MaxBytes = map.Optional("max_size") is { } size ? ConfigValues.Size(size, errors, $"{what}.max_size", 1024) ?? defaults.MaxBytes : defaults.MaxBytes,
        Keep = map.Optional("keep") is { } keep ? YamlValues.Integer(keep, errors, $"{what}.keep", 0, 1000) ?? defaults.Keep : defaults.Keep,
    };

    private static string? File(MappingReader map, ErrorSink errors, string key, string baseDirectory)
    {
        if (map.Optional(key) is not { } node || ConfigValues.Path(node, errors, $"log.{key}", baseDirectory) is not { } path)
        {
            return null;
        }

        if (LogFilePath.Problem(path) is { } problem)
        {
            errors.Add(node, $"log.{key}: {problem}");
            return null;
        }

        return path;
    }
}
