using System.Text.RegularExpressions;

namespace Hale.Config.Importers.Heartbeat;

/// <summary>
/// heartbeat.conf (COMPAT.md §4) as Hale's native YAML: checks, one action per action key (<c>repeat: every_cycle</c>), and the
/// daemon settings. Stateless and thread-safe; never throws.
/// </summary>
internal sealed partial class HeartbeatImporter : IConfigImporter
{
    /// <summary>The one instance (the importer is stateless).</summary>
    public static HeartbeatImporter Instance { get; } = new();

    /// <inheritdoc />
    public ConfigFormat Format => ConfigFormat.Heartbeat;

    /// <summary>Reads heartbeat.conf into its model, for <c>hale heartbeat</c> (which honours the daemon settings itself).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourcePath">The file as the caller named it (named in errors and warnings).</param>
    /// <returns>The model (null when there are errors), the errors and the warnings about the file itself.</returns>
    public static (HeartbeatFile? File, ImportResult Problems) Read(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var issues = new ImportIssues(sourcePath);
        var file = issues.Guard("heartbeat", () => HeartbeatParser.Parse(text, issues));
        return (file, issues.Result(null));
    }

    /// <inheritdoc />
    /// <remarks>A file with a <c>[general]</c>, <c>[promotions]</c> or <c>[demotions]</c> header line.</remarks>
    public bool Detect(string text) => text is not null && Header().IsMatch(text);

    /// <inheritdoc />
    public ImportResult Import(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var issues = new ImportIssues(sourcePath);
        var yaml = issues.Guard("heartbeat", () => HeartbeatParser.Parse(text, issues) is { } file ? HeartbeatYamlWriter.Write(file, issues) : null);
        return issues.Result(yaml);
    }

    [GeneratedRegex(@"^[ \t]*\[(general|promotions|demotions)\][ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Header();
}
