using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Hale.Config;

/// <summary>
/// Finds the <c>state_dir</c> of a configuration file without loading the rest of it, so that tools reach a running Hale
/// (its control socket lives there) even while the file on disk is broken. The rule is the loader's: the value is
/// relative to the file's folder, and <see cref="DefaultStateDirectory"/> beside the file when the key is absent.
/// </summary>
/// <remarks>
/// Lenient by design: the text is read as YAML when it parses; when it does not (an unclosed <c>{</c>, a bad indent), the
/// first line that starts with <c>state_dir:</c> at column 0 is used. Nothing is validated and no exception escapes.
/// Thread-safe (stateless).
/// </remarks>
public static partial class StateDirectoryLocator
{
    /// <summary><c>state_dir</c> when none is given, relative to the file's folder: <c>./state</c>.</summary>
    public const string DefaultStateDirectory = "./state";

    private const string Key = "state_dir";

    /// <summary>Reads <paramref name="configPath"/> and returns its state directory (absolute).</summary>
    /// <param name="configPath">The configuration file; a file that cannot be read gives the default beside it.</param>
    /// <returns>The absolute state directory.</returns>
    /// <exception cref="ArgumentException"><paramref name="configPath"/> is null or empty.</exception>
    public static string FromFile(string configPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        string text;
        try
        {
            text = File.ReadAllText(configPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            text = string.Empty;
        }

        return FromText(text, configPath);
    }

    /// <summary>Returns the state directory (absolute) that <paramref name="yaml"/> names, as if read from <paramref name="configPath"/>.</summary>
    /// <param name="yaml">The text of the configuration, valid or not.</param>
    /// <param name="configPath">Where the text comes from: its folder is the base of a relative <c>state_dir</c>.</param>
    /// <returns>The absolute state directory.</returns>
    /// <exception cref="ArgumentException"><paramref name="configPath"/> is null or empty.</exception>
    public static string FromText(string yaml, string configPath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        var baseDirectory = BaseDirectory(configPath);
        var value = FromYaml(yaml, out var parsed) ?? (parsed ? null : FromLines(yaml));
        return Resolve(value, baseDirectory);
    }

    /// <summary>The folder relative paths of a configuration file are resolved against.</summary>
    internal static string BaseDirectory(string configPath) =>
        Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();

    /// <summary>The absolute state directory for a <c>state_dir</c> value (null: the default) of a file in <paramref name="baseDirectory"/>.</summary>
    internal static string Resolve(string? value, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            try
            {
                return Path.GetFullPath(value, baseDirectory);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // Not a path: the loader rejects it; a tool falls back to the default.
            }
        }

        return Path.GetFullPath(DefaultStateDirectory, baseDirectory);
    }

    // The value of a top-level state_dir when the text is YAML; parsed says whether it was.
    private static string? FromYaml(string yaml, out bool parsed)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception)
        {
            // Any failure of the parser (YamlDotNet throws more than YamlException on some inputs) means "not YAML".
            parsed = false;
            return null;
        }

        parsed = true;
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return null;
        }

        foreach (var (key, value) in root.Children)
        {
            if (key is YamlScalarNode { Value: Key })
            {
                return value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
            }
        }

        return null;
    }

    // The first "state_dir: VALUE" at column 0, unquoted, without a trailing comment.
    private static string? FromLines(string yaml)
    {
        foreach (var line in yaml.Split('\n'))
        {
            var match = KeyLine().Match(line.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var raw = match.Groups["value"].Value.Trim();
            var value = raw switch
            {
                ['"', .. var rest] when rest.IndexOf('"') is var end and >= 0 => rest[..end],
                ['\'', .. var rest] when rest.IndexOf('\'') is var end and >= 0 => rest[..end],
                _ => StripComment(raw),
            };
            return value.Length > 0 ? value : null;
        }

        return null;
    }

    private static string StripComment(string value)
    {
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }

    [GeneratedRegex(@"^state_dir[ \t]*:(?<value>(?:[ \t].*)?)$")]
    private static partial Regex KeyLine();
}
