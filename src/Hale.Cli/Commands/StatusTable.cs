using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hale.Cli.Commands;

/// <summary>Renders <c>GET /-/status</c> as aligned text: services like <c>supervisorctl status</c>, then checks.</summary>
internal static class StatusTable
{
    public static string Render(JsonElement status)
    {
        var now = status.GetProperty("now").GetDateTimeOffset();
        var rows = new List<string[]> { new[] { "SERVICE", "STATE", "PID", "UPTIME", "RESTARTS", "INFO" } };
        foreach (var s in status.GetProperty("services").EnumerateArray())
        {
            var pid = s.GetProperty("pid").ValueKind == JsonValueKind.Number ? s.GetProperty("pid").GetInt32().ToString(CultureInfo.InvariantCulture) : "-";
            var started = s.GetProperty("started_at");
            var uptime = started.ValueKind == JsonValueKind.String ? Duration(now - started.GetDateTimeOffset()) : "-";
            rows.Add([
                s.GetProperty("name").GetString()!,
                s.GetProperty("state").GetString()!.ToUpperInvariant(),
                pid,
                uptime,
                s.GetProperty("restarts").GetInt32().ToString(CultureInfo.InvariantCulture),
                Info(s, now),
            ]);
        }

        var text = new StringBuilder();
        if (rows.Count > 1)
        {
            Append(text, rows);
            text.AppendLine();
        }

        var checks = new List<string[]> { new[] { "CHECK", "STATUS", "SINCE", "DETAIL" } };
        foreach (var c in status.GetProperty("checks").EnumerateArray())
        {
            var since = c.GetProperty("since");
            checks.Add([
                c.GetProperty("name").GetString()! + (c.GetProperty("served").GetBoolean() ? string.Empty : " (not served)"),
                c.GetProperty("status").GetString()!.ToUpperInvariant(),
                since.ValueKind == JsonValueKind.String ? Duration(now - since.GetDateTimeOffset()) + " ago" : "-",
                c.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty,
            ]);
        }

        if (checks.Count > 1)
        {
            Append(text, checks);
        }

        var servers = new List<string[]> { new[] { "HAPROXY", "SERVER", "DESIRED", "APPLIED", "INFO" } };
        if (status.TryGetProperty("load_balancers", out var balancers))
        {
            foreach (var b in balancers.EnumerateArray())
            {
                foreach (var server in b.GetProperty("servers").EnumerateArray())
                {
                    servers.Add([
                        b.GetProperty("name").GetString()! + (b.GetProperty("reachable").GetBoolean() ? string.Empty : " (unreachable)"),
                        server.GetProperty("server").GetString()!,
                        server.GetProperty("desired").GetString()!.ToUpperInvariant(),
                        server.GetProperty("applied").GetString()?.ToUpperInvariant() ?? "-",
                        server.GetProperty("last_error").GetString() ?? string.Empty,
                    ]);
                }
            }
        }

        if (servers.Count > 1)
        {
            text.AppendLine();
            Append(text, servers);
        }

        var groups = new List<string[]> { new[] { "GROUP", "NODE", "ROLE", "LEADER", "SINCE", "WHY" } };
        if (status.TryGetProperty("groups", out var groupList))
        {
            foreach (var g in groupList.EnumerateArray())
            {
                var since = g.GetProperty("since");
                groups.Add([
                    $"{g.GetProperty("name").GetString()} ({g.GetProperty("coordinator").GetString()})",
                    g.GetProperty("node").GetString()!,
                    g.GetProperty("role").GetString()!.ToUpperInvariant(),
                    g.GetProperty("leader").GetString() ?? "-",
                    since.ValueKind == JsonValueKind.String ? Duration(now - since.GetDateTimeOffset()) + " ago" : "-",
                    g.GetProperty("reason").GetString() ?? string.Empty,
                ]);
            }
        }

        if (groups.Count > 1)
        {
            text.AppendLine();
            Append(text, groups);
        }

        return text.ToString();
    }

    private static string Info(JsonElement s, DateTimeOffset now)
    {
        if (s.GetProperty("waiting_for").GetString() is { } waiting)
        {
            var since = s.GetProperty("waiting_since");
            return $"waiting for {waiting}" + (since.ValueKind == JsonValueKind.String ? $" since {Duration(now - since.GetDateTimeOffset())}" : string.Empty);
        }

        if (s.GetProperty("held_until").ValueKind == JsonValueKind.String)
        {
            return $"held for {Duration(s.GetProperty("held_until").GetDateTimeOffset() - now)}: {s.GetProperty("last_error").GetString()}";
        }

        if (s.GetProperty("next_start_at").ValueKind == JsonValueKind.String)
        {
            return $"next start in {Duration(s.GetProperty("next_start_at").GetDateTimeOffset() - now)}: {s.GetProperty("last_error").GetString()}";
        }

        return s.GetProperty("last_error").GetString() is { } error ? $"last error: {error}" : string.Empty;
    }

    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span:hh\\:mm\\:ss}")
            : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }

    internal static void Append(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.AppendLine();
        }
    }
}
