using YamlDotNet.RepresentationModel;

namespace Hale.Config.Importers.Autoheal;

/// <summary>
/// autoheal's conf.yaml (COMPAT.md §5) as Hale's native YAML: services with <c>alive</c>, <c>depends_on</c> and
/// <c>start: script</c>, in file order. Stateless and thread-safe; never throws.
/// </summary>
internal sealed class AutohealImporter : IConfigImporter
{
    private static readonly string[] ServiceKeys = ["pname", "pid_file", "dep", "script"];

    /// <summary>The one instance (the importer is stateless).</summary>
    public static AutohealImporter Instance { get; } = new();

    /// <inheritdoc />
    public ConfigFormat Format => ConfigFormat.Autoheal;

    /// <summary>Reads conf.yaml into its model, for <c>hale autoheal script</c>.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourcePath">The file as the caller named it (named in errors and warnings; the base of relative pid files).</param>
    /// <returns>The model (null when there are errors), the errors and the warnings.</returns>
    public static (AutohealFile? File, ImportResult Problems) Read(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var issues = new ImportIssues(sourcePath);
        var file = issues.Guard("autoheal", () => AutohealParser.Parse(text, issues));
        return (file, issues.Result(null));
    }

    /// <inheritdoc />
    /// <remarks>
    /// A YAML mapping whose every value is a mapping of autoheal's keys only (<c>pname</c>, <c>pid_file</c>, <c>dep</c>,
    /// <c>script</c>), at least one with <c>script</c>.
    /// </remarks>
    public bool Detect(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // Through the native loader's YAML reader, whose nesting and alias limits keep any text from exhausting the stack.
        var errors = new Yaml.ErrorSink("detect");
        return Yaml.YamlSource.Load(text, errors) is YamlMappingNode { Children.Count: > 0 } root
            && errors.Count == 0
            && root.Children.Values.All(v => v is YamlMappingNode service
                && service.Children.Keys.All(k => k is YamlScalarNode { Value: { } key } && ServiceKeys.Contains(key, StringComparer.Ordinal)))
            && root.Children.Values.Cast<YamlMappingNode>().Any(s => s.Children.ContainsKey(new YamlScalarNode("script")));
    }

    /// <inheritdoc />
    public ImportResult Import(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var issues = new ImportIssues(sourcePath);
        var yaml = issues.Guard("autoheal", () => AutohealParser.Parse(text, issues) is { } file ? AutohealYamlWriter.Write(file, sourcePath) : null);
        return issues.Result(yaml);
    }
}
