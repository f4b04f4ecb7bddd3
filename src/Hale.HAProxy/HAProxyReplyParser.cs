using System.Globalization;
using Hale.LoadBalancers;

namespace Hale.HAProxy;

/// <summary>Parses the text replies of HAProxy's runtime API (without the final empty line). Pure functions.</summary>
internal static class HAProxyReplyParser
{
    private static readonly char[] LineBreaks = ['\n'];

    /// <summary><c>show servers state</c>: the version line <c>1</c>, a <c># be_id be_name ...</c> header, one row per server.</summary>
    /// <exception cref="LoadBalancerException">The reply is not a state dump (an error text such as <c>Can't find backend.</c>).</exception>
    public static IReadOnlyList<ServerStateRow> ParseServersState(string reply)
    {
        var lines = Lines(reply);
        if (lines.Count == 0 || lines[0].Trim() != "1")
        {
            throw new LoadBalancerException(reply.Trim());
        }

        var rows = new List<ServerStateRow>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 7
                || !int.TryParse(fields[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var op)
                || !int.TryParse(fields[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var admin))
            {
                throw new LoadBalancerException($"unexpected line in 'show servers state': {line}");
            }

            rows.Add(new ServerStateRow(new ServerAddress(fields[1], fields[3]), op, admin));
        }

        return rows;
    }

    /// <summary><c>show info</c>: <c>Key: value</c> lines; Pid, Uptime_sec and Version are used.</summary>
    /// <exception cref="LoadBalancerException">No Pid or Uptime_sec (an error text).</exception>
    public static BalancerInfo ParseInfo(string reply)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(reply))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        if (!values.TryGetValue("Pid", out var pidText) || !int.TryParse(pidText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            || !values.TryGetValue("Uptime_sec", out var uptimeText) || !long.TryParse(uptimeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var uptime))
        {
            throw new LoadBalancerException(reply.Trim());
        }

        return new BalancerInfo(pid, TimeSpan.FromSeconds(uptime), values.GetValueOrDefault("Version"));
    }

    /// <summary><c>show stat</c>: CSV whose header starts with <c># </c>; every line ends with a comma. Each row by column name.</summary>
    /// <exception cref="LoadBalancerException">No <c># pxname,...</c> header (an error text).</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseStat(string reply)
    {
        var lines = Lines(reply);
        if (lines.Count == 0 || !lines[0].StartsWith("# ", StringComparison.Ordinal))
        {
            throw new LoadBalancerException(reply.Trim());
        }

        var header = SplitCsv(lines[0][2..]);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = SplitCsv(line);
            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length && i < fields.Length; i++)
            {
                row.TryAdd(header[i], fields[i]);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static List<string> Lines(string reply) =>
        [.. reply.Split(LineBreaks).Select(l => l.TrimEnd('\r'))];

    private static string[] SplitCsv(string line)
    {
        // HAProxy's CSV has no quoting of its own fields; a trailing comma ends every line.
        var trimmed = line.EndsWith(',') ? line[..^1] : line;
        return trimmed.Split(',');
    }
}
