using System.Text;

namespace Hale.Config.Importers.Heartbeat;

/// <summary>
/// An INI file read as Python's ConfigParser reads heartbeat.conf: <c>[section]</c> headers; <c>key = value</c> or
/// <c>key: value</c> (split at the first <c>=</c> or <c>:</c>; keys lower-cased); <c>#</c> and <c>;</c> comment lines,
/// and a <c>;</c> after whitespace ending a value; indented lines continuing the value above; <c>[DEFAULT]</c>'s keys
/// seen by every section; <c>%(name)s</c> interpolation from the section and <c>[DEFAULT]</c>, <c>%%</c> for <c>%</c>.
/// </summary>
/// <remarks>
/// Never throws: a line it cannot read is an error at that line, a repeated section or key a warning (the last value
/// wins, as Python 2's ConfigParser). Where Python 2 and 3 differ, the friendlier reading is taken: an indented comment is
/// a comment, and a <c>%</c> not followed by <c>(</c> or <c>%</c> is kept as it is (e.g. <c>date +%s</c>).
/// Not thread-safe while parsing; read-only afterwards.
/// </remarks>
internal sealed class IniDocument
{
    /// <summary>The section whose keys every other section sees.</summary>
    public const string DefaultSectionName = "DEFAULT";

    /// <summary>How deep <c>%(name)s</c> references may nest (ConfigParser's limit): deeper is an error (usually a loop).</summary>
    public const int MaxInterpolationDepth = 10;

    /// <summary>The longest value after interpolation, in characters; longer is an error (references can multiply text).</summary>
    public const int MaxValueLength = 100_000;

    private readonly Dictionary<string, IniSection> _sections = new(StringComparer.Ordinal);
    private readonly List<IniSection> _order = [];
    private readonly ImportIssues _issues;

    private IniDocument(ImportIssues issues)
    {
        _issues = issues;
        Defaults = new IniSection(DefaultSectionName, 0);
    }

    /// <summary><c>[DEFAULT]</c> (empty, at line 0, when the file has none).</summary>
    public IniSection Defaults { get; private set; }

    /// <summary>Every section but <c>[DEFAULT]</c>, in the order of their first header.</summary>
    public IReadOnlyList<IniSection> Sections => _order;

    /// <summary>The section named <paramref name="name"/> (case-sensitive, as ConfigParser's), or null.</summary>
    public IniSection? Find(string name) => _sections.GetValueOrDefault(name);

    /// <summary>Reads <paramref name="text"/>; problems go to <paramref name="issues"/>.</summary>
    public static IniDocument Parse(string text, ImportIssues issues)
    {
        var document = new IniDocument(issues);
        document.Read(text);
        return document;
    }

    /// <summary>
    /// The value of <paramref name="key"/> (lower-case) as <paramref name="section"/> sees it, interpolated; null when the key
    /// is in neither the section nor <c>[DEFAULT]</c>, or when interpolation failed (<paramref name="failed"/>, reported).
    /// </summary>
    public IniValue? Get(IniSection section, string key, out bool failed)
    {
        failed = false;
        var entry = section.Find(key) ?? Defaults.Find(key);
        if (entry is null)
        {
            return null;
        }

        var text = new StringBuilder();
        if (!Interpolate(section, entry, 1, text))
        {
            failed = true;
            return null;
        }

        return new IniValue(text.ToString(), entry.Line);
    }

    private bool Interpolate(IniSection section, IniEntry entry, int depth, StringBuilder output)
    {
        var value = entry.RawValue;
        for (var i = 0; i < value.Length; i++)
        {
            if (output.Length > MaxValueLength)
            {
                _issues.Error(entry.Line, $"{entry.Key}: the value is longer than {MaxValueLength} characters once %(name)s references are replaced");
                return false;
            }

            var c = value[i];
            if (c != '%' || i + 1 >= value.Length || value[i + 1] is not ('%' or '('))
            {
                output.Append(c);
                continue;
            }

            if (value[i + 1] == '%')
            {
                output.Append('%');
                i++;
                continue;
            }

            var close = value.IndexOf(')', i + 2);
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != 's')
            {
                _issues.Error(entry.Line, $"{entry.Key}: '%(' must be followed by a name and ')s', as in %(hostname)s (write %% for a literal %)");
                return false;
            }

            var name = value[(i + 2)..close].ToLowerInvariant();
            var referenced = section.Find(name) ?? Defaults.Find(name);
            if (referenced is null)
            {
                _issues.Error(entry.Line, $"{entry.Key}: %({name})s: no key '{name}' in [{section.Name}] or [{DefaultSectionName}]");
                return false;
            }

            if (depth >= MaxInterpolationDepth)
            {
                _issues.Error(entry.Line, $"{entry.Key}: %({name})s: references nest deeper than {MaxInterpolationDepth} levels (a reference loop?)");
                return false;
            }

            if (!Interpolate(section, referenced, depth + 1, output))
            {
                return false;
            }

            i = close + 1;
        }

        return true;
    }

    private void Read(string text)
    {
        IniSection? current = null;
        IniEntry? open = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var number = n + 1;
            var line = lines[n].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && open is not null && current is not null)
            {
                open = open with { RawValue = open.RawValue + "\n" + StripComment(trimmed) };
                current.Set(open);
                continue;
            }

            if (trimmed[0] == '[')
            {
                open = null;
                current = Header(trimmed, number);
                continue;
            }

            open = Option(trimmed, number, current);
        }
    }

    private IniSection? Header(string trimmed, int number)
    {
        var close = trimmed.IndexOf(']', StringComparison.Ordinal);
        if (close < 0)
        {
            _issues.Error(number, "a section header needs a closing ']', as in [general]");
            return null;
        }

        var name = trimmed[1..close].Trim();
        if (name.Length == 0)
        {
            _issues.Error(number, "a section header needs a name, as in [general]");
            return null;
        }

        var rest = trimmed[(close + 1)..].Trim();
        if (rest.Length > 0 && rest[0] is not ('#' or ';'))
        {
            _issues.Warn(number, $"text after [{name}] is ignored");
        }

        if (name == DefaultSectionName)
        {
            if (Defaults.Line > 0)
            {
                _issues.Warn(number, $"[{DefaultSectionName}] appears again (first at line {Defaults.Line}): its keys are merged, a repeated key's last value wins");
                return Defaults;
            }

            var keep = Defaults;
            Defaults = new IniSection(DefaultSectionName, number);
            foreach (var entry in keep.Entries)
            {
                Defaults.Set(entry);
            }

            return Defaults;
        }

        if (_sections.TryGetValue(name, out var existing))
        {
            _issues.Warn(number, $"section [{name}] appears again (first at line {existing.Line}): its keys are merged, a repeated key's last value wins");
            return existing;
        }

        var section = new IniSection(name, number);
        _sections[name] = section;
        _order.Add(section);
        return section;
    }

    private IniEntry? Option(string trimmed, int number, IniSection? section)
    {
        var separator = trimmed.IndexOfAny(['=', ':']);
        if (separator < 0)
        {
            _issues.Error(number, "expected 'key = value', 'key: value', a [section] header or a comment");
            return null;
        }

        var key = trimmed[..separator].Trim().ToLowerInvariant();
        if (key.Length == 0)
        {
            _issues.Error(number, $"a key name is missing before '{trimmed[separator]}'");
            return null;
        }

        if (section is null)
        {
            _issues.Error(number, $"'{key}' is outside any section: the file must start with a [section] header");
            return null;
        }

        var entry = new IniEntry(key, StripComment(trimmed[(separator + 1)..].Trim()), number);
        if (section.Set(entry) is { } previous)
        {
            _issues.Warn(number, $"[{section.Name}] {key} is set again (before at line {previous.Line}): the last value wins");
        }

        return entry;
    }

    /// <summary>A <c>;</c> preceded by whitespace starts a comment (ConfigParser's inline comment); the value is trimmed.</summary>
    private static string StripComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] == ';' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }

        return value;
    }
}
