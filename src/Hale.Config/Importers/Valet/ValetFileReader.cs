using Hale.Text;

namespace Hale.Config.Importers.Valet;

/// <summary>
/// Splits <c>ha_valet.cfg</c> into sections (COMPAT §2): <c>:Name</c> opens a section; <c>key = value</c> lines (the value is
/// everything after the first <c>=</c>, trimmed: the original dropped the text after a second one); <c>#</c> comments, also
/// indented; blank lines; LF or CRLF. A repeated section or key: the last wins, with a warning; <c>standy_by_list</c> and
/// <c>stand_by</c> are <c>stand_by_list</c>, with a warning; unknown keys are kept (a command may name them) and warned about.
/// </summary>
internal static class ValetFileReader
{
    /// <summary>The keys ha_valet knows.</summary>
    public static readonly string[] KnownKeys =
    [
        ValetKeys.Host, ValetKeys.User, ValetKeys.Port, ValetKeys.Protocol, ValetKeys.StartCommand, ValetKeys.StopCommand,
        ValetKeys.TestCommand, ValetKeys.Order, ValetKeys.Priority, ValetKeys.StandByList,
    ];

    /// <summary>The longest section name, in characters (a YAML key must stay under 1,024 characters, escaped).</summary>
    public const int MaxNameLength = 128;

    private static readonly string[] StandByAliases = ["standy_by_list", "stand_by"];

    /// <summary>The sections in the order of their (last) <c>:Name</c> line.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="report">Where errors and warnings go.</param>
    /// <returns>The sections.</returns>
    public static List<ValetSection> Read(string text, ValetReport report)
    {
        var sections = new Dictionary<string, ValetSection>(StringComparer.Ordinal);
        ValetSection? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var raw = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (i == 0 && raw.StartsWith('\uFEFF'))
            {
                raw = raw[1..];
            }

            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (BadCharacter(raw) is { } bad)
            {
                report.Error(number, $"the line holds {bad}, which is not allowed in a configuration");
                current = line.StartsWith(':') ? null : current;
                continue;
            }

            if (line.StartsWith(':'))
            {
                current = OpenSection(line[1..].Trim(), number, sections, report);
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                report.Error(number, $"expected ':Name', 'key = value' or a '#' comment, found '{SafeText.Escape(line)}'");
                continue;
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (!IsKey(key))
            {
                report.Error(number, key.Length == 0 ? "a line starts with '=': the key is missing" : $"'{SafeText.Escape(key)}' is not a key (letters, digits and _)");
                continue;
            }

            if (current is null)
            {
                report.Error(number, $"'{key}' is outside a section (a section opens with ':Name')");
                continue;
            }

            Add(current, key, value, number, report);
        }

        return [.. sections.Values.OrderBy(s => s.Line)];
    }

    private static ValetSection? OpenSection(string name, int number, Dictionary<string, ValetSection> sections, ValetReport report)
    {
        if (name.Length == 0)
        {
            report.Error(number, "a section needs a name after ':' (e.g. :Ostro)");
            return null;
        }

        if (name.Length > MaxNameLength)
        {
            report.Error(number, $"the section name is {name.Length} characters long; at most {MaxNameLength}");
            return null;
        }

        if (name.StartsWith('/'))
        {
            report.Error(number, $"the section name '{SafeText.Escape(name)}' must not start with '/' (Hale serves a failover group at /NAME)");
            return null;
        }

        if (sections.TryGetValue(name, out var previous))
        {
            report.Warning(number, $"section ':{SafeText.Escape(name)}' appears again (first at line {previous.Line}); the last one wins");
        }

        var section = new ValetSection(name, number);
        sections[name] = section;
        return section;
    }

    private static void Add(ValetSection section, string key, string value, int number, ValetReport report)
    {
        if (Array.IndexOf(StandByAliases, key) >= 0)
        {
            report.Warning(number, $"'{key}' is read as 'stand_by_list' (a misspelling ha_valet's README uses); write stand_by_list");
            key = ValetKeys.StandByList;
        }
        else if (Array.IndexOf(KnownKeys, key) < 0)
        {
            report.Warning(number, $"unknown key '{key}' in section ':{SafeText.Escape(section.Name)}' (ignored unless a command names it)");
        }

        if (section[key] is { } previous)
        {
            report.Warning(number, $"'{key}' is set again in section ':{SafeText.Escape(section.Name)}' (first at line {previous.Line}); the last one wins");
        }

        section.Entries[key] = new ValetEntry(key, value, number);
    }

    private static bool IsKey(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A control character (other than tab) or a lone surrogate, described; null when the line is clean.</summary>
    private static string? BadCharacter(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (char.IsControl(c) && c != '\t') || c is '\uFFFE' or '\uFFFF')
            {
                return $"the character U+{(int)c:X4} at column {i + 1}";
            }
        }

        return null;
    }
}
