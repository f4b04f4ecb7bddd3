using System.Globalization;
using Hale.Failover;
using Hale.Text;

namespace Hale.Config.Importers.Valet;

/// <summary>
/// Validates one ha_valet section and evaluates its commands (COMPAT §2). A section that lacks a required key is warned about
/// and not monitored (the others run); a bad value is an error at its line.
/// </summary>
internal static class ValetSectionReader
{
    /// <summary>The lowest and highest configured priority (a test command's exit code 1..254 is a priority).</summary>
    public const int MinPriority = 1;

    /// <summary>The longest host name (DNS).</summary>
    public const int MaxHostLength = 253;

    /// <summary>The highest configured priority.</summary>
    public const int MaxPriority = 254;

    /// <summary>The section as a process, or null (reported: a warning when it is skipped, errors when it is wrong).</summary>
    /// <param name="section">The section.</param>
    /// <param name="report">Where errors and warnings go.</param>
    /// <param name="skipped">Set to why the section is not monitored (a missing key), for a comment in the output.</param>
    public static ValetProcess? Read(ValetSection section, ValetReport report, out string? skipped)
    {
        skipped = null;
        var missing = ValetKeys.Required.Where(k => section[k] is null).ToList();
        if (missing.Count > 0)
        {
            skipped = $"section ':{SafeText.Escape(section.Name)}' lacks {string.Join(", ", missing)} (required): it is not monitored";
            report.Warning(section.Line, skipped);
            return null;
        }

        var errors = report.Errors.Count;
        var host = section[ValetKeys.Host]!;
        HostName(ValetKeys.Host, host.Value, host.Line, report);
        var user = section[ValetKeys.User]!;
        var priority = section[ValetKeys.Priority] is { } p ? Integer(p, MinPriority, MaxPriority, report) : 1;
        var order = section[ValetKeys.Order] is { } o ? Integer(o, -1_000_000, 1_000_000, report) : null;
        var peers = StandBy(section, host.Value, report, out var hasList);
        if (hasList)
        {
            Placeholder(ValetKeys.Host, host, report);
            Placeholder(ValetKeys.User, user, report);
        }

        var start = Command(section, ValetKeys.StartCommand, hasList, report);
        var stop = Command(section, ValetKeys.StopCommand, hasList, report);
        var test = Command(section, ValetKeys.TestCommand, hasList, report);
        if (report.Errors.Count > errors || priority is null || start is null || stop is null || test is null)
        {
            return null;
        }

        return new ValetProcess(section.Name, section.Line, host.Value, user.Value, priority.Value, order, peers, hasList, start, stop, test);
    }

    private static int? Integer(ValetEntry entry, int min, int max, ValetReport report)
    {
        if (int.TryParse(entry.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        report.Error(entry.Line, $"{entry.Key}: expected a whole number from {min} to {max}, found '{SafeText.Escape(entry.Value)}'");
        return null;
    }

    /// <summary>The hosts of <c>stand_by_list</c> other than <paramref name="host"/>, each with its 1-based position.</summary>
    private static List<(string Host, int Position)> StandBy(ValetSection section, string host, ValetReport report, out bool hasList)
    {
        var peers = new List<(string, int)>();
        hasList = false;
        if (section[ValetKeys.StandByList] is not { } entry)
        {
            return peers;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var raw in entry.Value.Split(','))
        {
            var name = raw.Trim();
            if (name.Length == 0)
            {
                report.Warning(entry.Line, "stand_by_list: an empty entry is ignored");
                continue;
            }

            if (!seen.Add(name))
            {
                report.Warning(entry.Line, $"stand_by_list: '{SafeText.Escape(name)}' appears twice; the first place counts");
                continue;
            }

            position++;
            hasList = true;
            if (!HostName("stand_by_list", name, entry.Line, report))
            {
                continue;
            }

            if (CommandTemplate.CheckValue("stand_by_list host", name) is { } problem)
            {
                report.Error(entry.Line, problem);
                continue;
            }

            if (!string.Equals(name, host, StringComparison.OrdinalIgnoreCase))
            {
                peers.Add((name, position));
            }
        }

        if (!hasList)
        {
            report.Warning(entry.Line, "stand_by_list has no host: the section is a plain service");
        }

        return peers;
    }

    /// <summary>A host name is at most 253 characters (DNS), so that it stays a YAML key.</summary>
    private static bool HostName(string what, string name, int line, ValetReport report)
    {
        if (name.Length <= MaxHostLength)
        {
            return true;
        }

        report.Error(line, $"{what}: a host name of {name.Length} characters; at most {MaxHostLength}");
        return false;
    }

    /// <summary>A value bound to <c>{host}</c>/<c>{user}</c> in a group's commands must be safe unquoted in a shell.</summary>
    private static void Placeholder(string name, ValetEntry entry, ValetReport report)
    {
        if (CommandTemplate.CheckValue(name, entry.Value) is { } problem)
        {
            report.Error(entry.Line, $"{problem} (Hale binds it into the commands of a failover group)");
        }
    }

    /// <summary>
    /// The command's value evaluated: for a group <c>host</c> and <c>user</c> become <c>{host}</c> and <c>{user}</c> (bound per
    /// member, as ha_valet bound <c>host</c> to each peer); every other name is its value.
    /// </summary>
    private static string? Command(ValetSection section, string key, bool template, ValetReport report)
    {
        var entry = section[key]!;
        var value = PythonStringExpression.Evaluate(entry.Value, name => Lookup(section, name, template, null), out var error);
        if (value is null)
        {
            report.Error(entry.Line, $"{key}: {error}");
            return null;
        }

        if (value.Trim().Length == 0)
        {
            report.Error(entry.Line, $"{key}: the command is empty");
            return null;
        }

        if (template)
        {
            // Evaluated again with markers instead of the placeholders: any {host} or {user} left is text Hale would replace.
            var literal = PythonStringExpression.Evaluate(entry.Value, name => Lookup(section, name, template, "\u0001"), out _) ?? string.Empty;
            if (literal.Contains(CommandTemplate.HostPlaceholder, StringComparison.Ordinal) || literal.Contains(CommandTemplate.UserPlaceholder, StringComparison.Ordinal))
            {
                report.Error(entry.Line, $"{key}: the command holds the text {{host}} or {{user}}, which Hale's failover commands replace");
                return null;
            }
        }

        return value;
    }

    private static (string? Value, string? Error) Lookup(ValetSection section, string name, bool template, string? marker)
    {
        if (Array.IndexOf(ValetKeys.Commands, name) >= 0)
        {
            return (null, $"'{name}' is a command; a command may name only the section's other keys (host, user, port, …)");
        }

        if (template && name == ValetKeys.Host)
        {
            return (marker ?? CommandTemplate.HostPlaceholder, null);
        }

        if (template && name == ValetKeys.User)
        {
            return (marker ?? CommandTemplate.UserPlaceholder, null);
        }

        return section[name] is { } entry ? (entry.Value, null) : (null, $"'{name}' is not a key of section ':{SafeText.Escape(section.Name)}'");
    }
}
