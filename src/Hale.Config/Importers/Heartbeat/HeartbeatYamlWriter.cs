using System.Globalization;
using System.Text;

namespace Hale.Config.Importers.Heartbeat;

/// <summary>
/// Writes a <see cref="HeartbeatFile"/> as Hale's native YAML: every check a top-level check, every action key an action
/// over all the checks with <c>repeat: every_cycle</c>, <c>interval</c> as <c>check_every</c> and <c>action_interval</c>;
/// the daemon settings with no native key become comments and warnings. Deterministic; stateless.
/// </summary>
internal static class HeartbeatYamlWriter
{
    /// <summary>The YAML text; what differs from heartbeat is said in comments and added to <paramref name="issues"/> as warnings.</summary>
    public static string Write(HeartbeatFile file, ImportIssues issues)
    {
        var yaml = new StringBuilder();
        var source = YamlQuote.Comment(Path.GetFileName(issues.File));
        yaml.Append(CultureInfo.InvariantCulture, $"# Hale's native configuration, converted from heartbeat's {source}: this is what Hale runs for it.\n");
        yaml.Append("# Heartbeat served nothing over HTTP; Hale always listens: here on an ephemeral loopback port, so that it\n");
        yaml.Append("# never takes a checked service's port. Give a real address to serve each check at /NAME.\n");
        yaml.Append("http:\n  listen: \"127.0.0.1:0\"\n");
        WriteGeneral(file.General, yaml, issues);
        WriteChecks(file, yaml);
        WriteActions(file, yaml);
        return yaml.ToString();
    }

    /// <summary>Seconds as a native duration: <c>60s</c>, <c>1.5s</c>.</summary>
    public static string Duration(decimal seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture) + "s";

    /// <summary>A number of seconds as heartbeat's log line writes it: <c>5</c>, <c>1.5</c>.</summary>
    public static string Number(decimal seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);

    private static void WriteGeneral(HeartbeatGeneral general, StringBuilder yaml, ImportIssues issues)
    {
        var interval = Duration(general.IntervalSeconds);
        yaml.Append(CultureInfo.InvariantCulture, $"# [general] interval = {Number(general.IntervalSeconds)}{At(general, "interval")}: heartbeat probed every check and then ran the actions,\n");
        yaml.Append("# once per interval. Hale probes each check on its own loop every check_every and runs the actions every\n");
        yaml.Append("# action_interval on the latest results.\n");
        yaml.Append(CultureInfo.InvariantCulture, $"check_every: {interval}\naction_interval: {interval}\n");

        void Differs(string key, string value, string comment)
        {
            if (!general.Lines.TryGetValue(key, out var line))
            {
                return;
            }

            var text = $"[general] {key} = {value}: {comment}";
            yaml.Append("# ").Append(YamlQuote.Comment(text)).Append('\n');
            issues.Warn(line, text);
        }

        Differs("daemonize", general.Daemonize ? "yes" : "no", general.Daemonize
            ? "hale run always runs until stopped, in the foreground (let systemd detach it)"
            : "heartbeat ran one cycle and exited; hale run runs until stopped (hale run --once or hale heartbeat for one run-through)");
        Differs("pidfile", general.PidFile, "no configuration key in Hale: hale run --pidfile FILE");
        Differs("logfile", general.LogFile, "no configuration key in Hale: hale run --log-file FILE (rotated at 1 MB, 5 backups; heartbeat kept 4)");
        Differs("loglevel", general.LogLevel, "no configuration key in Hale: hale run --log-level LEVEL");
        Differs("user", general.User ?? "None", general.User is null ? "the invoking user, as Hale runs" : "Hale does not switch user: run hale as this user (systemd User=)");
        Differs("group", general.Group ?? "None", general.Group is null ? "the invoking group, as Hale runs" : "Hale does not switch group: run hale with this group (systemd Group=)");
        Differs("threads", general.Threads?.ToString(CultureInfo.InvariantCulture) ?? "", "Hale has no limit on probes at once: each check runs on its own loop (hale heartbeat honours it)");
    }

    private static string At(HeartbeatGeneral general, string key) =>
        general.Lines.TryGetValue(key, out var line) ? string.Create(CultureInfo.InvariantCulture, $" (line {line})") : " (the default)";

    private static void WriteChecks(HeartbeatFile file, StringBuilder yaml)
    {
        if (file.Checks.Count == 0)
        {
            return;
        }

        yaml.Append("checks:\n");
        foreach (var check in file.Checks)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  {YamlQuote.Scalar(check.Name)}:   # [{YamlQuote.Comment(check.Name)}] at line {check.Line}\n");
            var timeout = Duration(check.TimeoutSeconds);
            if (check.Type == HeartbeatCheckType.Tcp)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    tcp: {{ host: {YamlQuote.Scalar(check.Host)}, port: {check.Port}, timeout: {timeout} }}\n");
            }
            else
            {
                yaml.Append("    # healthy iff the final status (redirects followed, TLS verified) is exactly 200, as heartbeat's\n");
                yaml.Append(CultureInfo.InvariantCulture, $"    http: {{ url: {YamlQuote.Scalar(check.Url)}, expect: 200, follow_redirects: true, timeout: {timeout} }}\n");
            }
        }
    }

    private static void WriteActions(HeartbeatFile file, StringBuilder yaml)
    {
        if (file.Actions.Count == 0 || file.Checks.Count == 0)
        {
            return;
        }

        yaml.Append("# Heartbeat: when any check is unhealthy, every action demotes; when all are healthy, every action promotes;\n");
        yaml.Append("# each distinct command runs once, on every cycle (not only on a change).\n");
        yaml.Append("actions:\n");
        var when = string.Join(", ", file.Checks.Select(c => YamlQuote.Scalar(c.Name)));
        var promotions = new Dictionary<string, string>(StringComparer.Ordinal);
        var demotions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var action in file.Actions)
        {
            var promote = promotions.TryAdd(action.Promotion, action.Key);
            var demote = demotions.TryAdd(action.Demotion, action.Key);
            var key = YamlQuote.Comment(action.Key);
            if (!promote && !demote)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  # {key}: both commands are those of '{YamlQuote.Comment(promotions[action.Promotion])}' (heartbeat runs each distinct command once)\n");
                continue;
            }

            yaml.Append(CultureInfo.InvariantCulture, $"  {YamlQuote.Scalar(action.Key)}:   # [promotions] line {action.PromotionLine}, [demotions] line {action.DemotionLine}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    when: [{when}]\n");
            Side(yaml, "promote", action.Promotion, promote, promotions);
            Side(yaml, "demote", action.Demotion, demote, demotions);
            yaml.Append("    repeat: every_cycle\n");
        }
    }

    private static void Side(StringBuilder yaml, string side, string command, bool first, Dictionary<string, string> owners)
    {
        if (!first)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    # {side}: the same command as '{YamlQuote.Comment(owners[command])}' (heartbeat runs each distinct command once)\n");
            return;
        }

        var shell = ShellWords.FromWhitespaceSplit(command, out var quoted);
        if (quoted)
        {
            yaml.Append("    # heartbeat ran this without a shell, split at whitespace: the words are quoted so that /bin/sh runs the same\n");
        }

        yaml.Append(CultureInfo.InvariantCulture, $"    {side}: {YamlQuote.Scalar(shell)}\n");
    }
}
