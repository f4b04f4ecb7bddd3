using System.Globalization;

namespace Hale.Config.Importers.Heartbeat;

/// <summary>
/// Reads heartbeat.conf (COMPAT.md §4) into a <see cref="HeartbeatFile"/>: <c>[general]</c>, <c>[promotions]</c>,
/// <c>[demotions]</c>, and every other section a check. Every problem is an error at the line of the offending key (or of
/// the section header when a required key is missing); unknown keys are warnings. Never throws. Stateless.
/// </summary>
internal static class HeartbeatParser
{
    /// <summary>The sections that are not checks.</summary>
    public const string General = "general", Promotions = "promotions", Demotions = "demotions";

    /// <summary>A check's <c>timeout</c> when it has none (the value of heartbeat's own shipped heartbeat.conf): 5 seconds.</summary>
    public const decimal DefaultTimeout = 5;

    /// <summary>The longest <c>timeout</c> and <c>interval</c>, in seconds: 168 hours (Hale's longest duration).</summary>
    public const decimal MaxSeconds = 168 * 3600;

    private static readonly string[] GeneralKeys = ["user", "group", "logfile", "loglevel", "pidfile", "threads", "daemonize", "interval"];
    private static readonly string[] CheckKeys = ["type", "hostname", "port", "path", "timeout", "action"];
    private static readonly string[] LogLevels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>Reads <paramref name="text"/>; null when there are errors (all in <paramref name="issues"/>).</summary>
    public static HeartbeatFile? Parse(string text, ImportIssues issues)
    {
        var ini = IniDocument.Parse(text, issues);
        var general = ReadGeneral(ini, issues);
        var broken = new HashSet<string>(StringComparer.Ordinal);
        var promotions = Commands(ini, Promotions, broken, issues);
        var demotions = Commands(ini, Demotions, broken, issues);
        var checks = new List<HeartbeatCheck>();
        foreach (var section in ini.Sections.Where(s => s.Name is not (General or Promotions or Demotions)))
        {
            if (ReadCheck(ini, section, promotions, demotions, broken, issues) is { } check)
            {
                checks.Add(check);
            }
        }

        var used = checks.Select(c => c.Action).ToHashSet(StringComparer.Ordinal);
        var actions = new List<HeartbeatAction>();
        foreach (var (key, promotion) in promotions)
        {
            if (!used.Contains(key))
            {
                issues.Warn(promotion.Line, $"[{Promotions}] {key} is used by no check: heartbeat runs only the actions of its checks, so it never runs");
            }
            else if (demotions.TryGetValue(key, out var demotion))
            {
                actions.Add(new HeartbeatAction(key, promotion.Text, promotion.Line, demotion.Text, demotion.Line));
            }
        }

        foreach (var (key, demotion) in demotions)
        {
            if (!used.Contains(key) && !promotions.ContainsKey(key))
            {
                issues.Warn(demotion.Line, $"[{Demotions}] {key} is used by no check: heartbeat runs only the actions of its checks, so it never runs");
            }
        }

        if (ini.Sections.Count > 0 && checks.Count == 0 && issues.ErrorCount == 0)
        {
            issues.Warn(1, "no check sections: there is nothing to check and no action runs");
        }

        return issues.ErrorCount > 0 || general is null ? null : new HeartbeatFile(general, checks, actions);
    }

    private static HeartbeatGeneral? ReadGeneral(IniDocument ini, ImportIssues issues)
    {
        var section = ini.Find(General) ?? new IniSection(General, 0);
        WarnUnknown(section, GeneralKeys, issues, "a [general] key");
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = issues.ErrorCount;
        var failed = false;
        IniValue? Value(string key)
        {
            var value = ini.Get(section, key, out var bad);
            failed |= bad;
            if (value is not null)
            {
                lines[key] = value.Line;
            }

            return value;
        }

        var general = new HeartbeatGeneral();
        if (Value("user") is { } user)
        {
            general = general with { User = NoneIsNull(user.Text) };
        }

        if (Value("group") is { } group)
        {
            general = general with { Group = NoneIsNull(group.Text) };
        }

        if (Value("logfile") is { } logFile)
        {
            general = general with { LogFile = NonEmpty(logFile, "logfile", issues) ?? general.LogFile };
        }

        if (Value("pidfile") is { } pidFile)
        {
            general = general with { PidFile = NonEmpty(pidFile, "pidfile", issues) ?? general.PidFile };
        }

        if (Value("loglevel") is { } level)
        {
            var upper = level.Text.Trim().ToUpperInvariant();
            if (!LogLevels.Contains(upper, StringComparer.Ordinal))
            {
                issues.Warn(level.Line, $"loglevel: '{level.Text}' is not DEBUG, INFO, WARNING, ERROR or CRITICAL; using INFO");
                upper = "INFO";
            }

            general = general with { LogLevel = upper };
        }

        if (Value("threads") is { } threads)
        {
            general = general with { Threads = Integer(threads, "threads", 1, 1024, issues) };
        }

        if (Value("daemonize") is { } daemonize)
        {
            general = general with { Daemonize = Boolean(daemonize, "daemonize", issues) ?? false };
        }

        if (Value("interval") is { } interval)
        {
            general = general with { IntervalSeconds = Seconds(interval, "interval", issues) ?? HeartbeatGeneral.DefaultInterval };
        }

        return failed || issues.ErrorCount > before ? null : general with { Lines = lines };
    }

    /// <summary>The commands of an action section, by key; a key whose value has an error goes to <paramref name="broken"/>.</summary>
    private static Dictionary<string, IniValue> Commands(IniDocument ini, string name, HashSet<string> broken, ImportIssues issues)
    {
        var commands = new Dictionary<string, IniValue>(StringComparer.Ordinal);
        if (ini.Find(name) is not { } section)
        {
            return commands;
        }

        foreach (var entry in section.Entries)
        {
            if (entry.Key.Length > YamlQuote.MaxNameLength)
            {
                issues.Error(entry.Line, $"[{name}]: an action's name is longer than {YamlQuote.MaxNameLength} characters");
                broken.Add(entry.Key);
                continue;
            }

            if (ini.Get(section, entry.Key, out _) is not { } value)
            {
                broken.Add(entry.Key);
                continue;
            }

            if (string.IsNullOrWhiteSpace(value.Text))
            {
                issues.Error(value.Line, $"[{name}] {entry.Key}: the command is empty");
                broken.Add(entry.Key);
                continue;
            }

            commands[entry.Key] = value;
        }

        return commands;
    }

    private static HeartbeatCheck? ReadCheck(
        IniDocument ini, IniSection section, Dictionary<string, IniValue> promotions, Dictionary<string, IniValue> demotions, HashSet<string> broken, ImportIssues issues)
    {
        var before = issues.ErrorCount;
        var name = section.Name;
        if (name.StartsWith('/'))
        {
            issues.Error(section.Line, $"[{name}]: a check's name must not start with '/' (Hale serves it at /NAME)");
        }
        else if (name.Length > YamlQuote.MaxNameLength)
        {
            issues.Error(section.Line, $"[{name}]: a check's name is longer than {YamlQuote.MaxNameLength} characters");
        }

        WarnUnknown(section, CheckKeys, issues, "a check key");
        IniValue? Required(string key)
        {
            var value = ini.Get(section, key, out var failed);
            if (value is null && !failed)
            {
                issues.Error(section.Line, $"[{name}]: '{key}' is missing");
            }

            return value;
        }

        HeartbeatCheckType? type = null;
        if (Required("type") is { } typeValue)
        {
            type = typeValue.Text.Trim().ToLowerInvariant() switch
            {
                "tcp" => HeartbeatCheckType.Tcp,
                "http" => HeartbeatCheckType.Http,
                "https" => HeartbeatCheckType.Https,
                _ => null,
            };
            if (type is null)
            {
                issues.Error(typeValue.Line, $"[{name}] type: '{typeValue.Text}' is not tcp, http or https");
            }
        }

        var hostValue = Required("hostname");
        var host = hostValue is null ? null : Host(hostValue, name, issues);
        var port = Required("port") is { } portValue ? Integer(portValue, $"[{name}] port", 1, 65535, issues) : null;
        var pathValue = ini.Get(section, "path", out _);
        var path = pathValue?.Text.Trim() ?? "/";
        if (pathValue is not null && type is not HeartbeatCheckType.Tcp && !path.StartsWith('/'))
        {
            issues.Warn(pathValue.Line, $"[{name}] path: '{path}' does not start with '/'; heartbeat would have glued it to the port, Hale reads it as /{path}");
            path = "/" + path;
        }

        var timeoutValue = ini.Get(section, "timeout", out _);
        var timeout = timeoutValue is null ? DefaultTimeout : Seconds(timeoutValue, $"[{name}] timeout", issues);
        var action = Required("action") is { } actionValue ? Action(actionValue, name, promotions, demotions, broken, issues) : null;
        if (issues.ErrorCount > before || type is null || host is null || port is null || timeout is null || action is null)
        {
            return null;
        }

        var check = new HeartbeatCheck(name, type.Value, host, port.Value, type == HeartbeatCheckType.Tcp ? "/" : path, timeout.Value, action, section.Line);
        if (check.Type != HeartbeatCheckType.Tcp && !(Uri.TryCreate(check.Url, UriKind.Absolute, out var url) && url.Scheme == check.TypeText))
        {
            issues.Error(pathValue?.Line ?? hostValue!.Line, $"[{name}]: '{check.Url}' is not a valid URL");
            return null;
        }

        return check;
    }

    private static string? Action(
        IniValue value, string check, Dictionary<string, IniValue> promotions, Dictionary<string, IniValue> demotions, HashSet<string> broken, ImportIssues issues)
    {
        var key = value.Text.Trim().ToLowerInvariant();
        if (broken.Contains(key))
        {
            return null; // its command's error is reported already
        }

        var missing = new[] { (Promotions, promotions), (Demotions, demotions) }.Where(s => !s.Item2.ContainsKey(key)).Select(s => $"[{s.Item1}]").ToList();
        if (key.Length == 0)
        {
            issues.Error(value.Line, $"[{check}] action: empty; name a key of [{Promotions}] and [{Demotions}]");
            return null;
        }

        if (missing.Count > 0)
        {
            issues.Error(value.Line, $"[{check}] action: '{key}' is not defined in {string.Join(" and ", missing)} (each action needs a promotion and a demotion)");
            return null;
        }

        return key;
    }

    private static string? Host(IniValue value, string check, ImportIssues issues)
    {
        var host = value.Text.Trim();
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '?' or '#' or '@'))
        {
            issues.Error(value.Line, $"[{check}] hostname: '{value.Text}' is not a host name or address");
            return null;
        }

        return host;
    }

    private static void WarnUnknown(IniSection section, string[] known, ImportIssues issues, string what)
    {
        foreach (var entry in section.Entries.Where(e => !known.Contains(e.Key, StringComparer.Ordinal)))
        {
            issues.Warn(entry.Line, $"[{section.Name}] {entry.Key} is not {what} ({string.Join(", ", known)}); ignored");
        }
    }

    private static string? NoneIsNull(string text) => text.Trim() is "None" or "" ? null : text.Trim();

    private static string? NonEmpty(IniValue value, string what, ImportIssues issues)
    {
        if (string.IsNullOrWhiteSpace(value.Text))
        {
            issues.Error(value.Line, $"{what}: empty; give a file name");
            return null;
        }

        return value.Text.Trim();
    }

    private static int? Integer(IniValue value, string what, int min, int max, ImportIssues issues)
    {
        if (int.TryParse(value.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        issues.Error(value.Line, $"{what}: '{value.Text}' is not a whole number in {min}..{max}");
        return null;
    }

    private static decimal? Seconds(IniValue value, string what, ImportIssues issues)
    {
        if (decimal.TryParse(value.Text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            seconds = decimal.Round(seconds, 6);
            if (seconds > 0 && seconds <= MaxSeconds)
            {
                return seconds;
            }
        }

        issues.Error(value.Line, $"{what}: '{value.Text}' is not a number of seconds greater than 0 and at most {MaxSeconds} (168 hours)");
        return null;
    }

    private static bool? Boolean(IniValue value, string what, ImportIssues issues)
    {
        switch (value.Text.Trim().ToLowerInvariant())
        {
            case "1" or "yes" or "true" or "on":
                return true;
            case "0" or "no" or "false" or "off":
                return false;
            default:
                issues.Error(value.Line, $"{what}: '{value.Text}' is not yes, no, true, false, on, off, 1 or 0");
                return null;
        }
    }
}
