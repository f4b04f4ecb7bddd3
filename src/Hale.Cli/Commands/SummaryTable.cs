using System.Text;
using System.Text.Json;

namespace Hale.Cli.Commands;

/// <summary>
/// Renders <c>GET /-/status</c> like <c>monit summary</c>: one line per service, check, HAProxy server and failover group with
/// its name, status and type, under <c>Service Name</c>, <c>Status</c>, <c>Type</c>.
/// </summary>
internal static class SummaryTable
{
    public static string Render(JsonElement status)
    {
        var rows = new List<string[]> { new[] { "Service Name", "Status", "Type" } };
        foreach (var s in status.GetProperty("services").EnumerateArray())
        {
            rows.Add([s.GetProperty("name").GetString()!, ServiceStatus(s), "Service"]);
        }

        foreach (var c in status.GetProperty("checks").EnumerateArray())
        {
            rows.Add([c.GetProperty("name").GetString()!, Title(c.GetProperty("status").GetString()!), "Check"]);
        }

        if (status.TryGetProperty("load_balancers", out var balancers))
        {
            foreach (var b in balancers.EnumerateArray())
            {
                foreach (var server in b.GetProperty("servers").EnumerateArray())
                {
                    var desired = server.GetProperty("desired").GetString()!;
                    var applied = server.GetProperty("applied").GetString();
                    var text = applied == desired ? Title(desired) : $"{Title(applied ?? "unknown")} (wanted {desired})";
                    rows.Add([$"{b.GetProperty("name").GetString()}:{server.GetProperty("server").GetString()}", b.GetProperty("reachable").GetBoolean() ? text : $"{text}, unreachable", "HAProxy server"]);
                }
            }
        }

        if (status.TryGetProperty("groups", out var groups))
        {
            foreach (var g in groups.EnumerateArray())
            {
                rows.Add([g.GetProperty("name").GetString()!, Title(g.GetProperty("role").GetString()!), "Group"]);
            }
        }

        var table = new StringBuilder();
        StatusTable.Append(table, rows);
        return table.ToString();
    }

    private static string ServiceStatus(JsonElement s)
    {
        var state = s.GetProperty("state").GetString()!;
        return state switch
        {
            "ready" => "OK",
            "fatal" => "Held",
            "stopped" when !s.GetProperty("wanted").GetBoolean() => "Stopped (not wanted)",
            "stopped" or "exited" when s.GetProperty("waiting_for").GetString() is { } waiting => $"Waiting for {waiting}",
            "running" => "Running (not ready)",
            _ => Title(state),
        };
    }

    private static string Title(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
