using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hale.Cli.Commands;

/// <summary>
/// Renders why one thing of a running Hale is as it is, from <c>GET /-/status</c>: a failover group (role, the rule and its
/// numbers, leader, members with priority and health, lease age, fencing token), a service (state, what it waits for, its last
/// exit and error) or a check (status, since, detail, last transition).
/// </summary>
internal static class Explanation
{
    /// <summary>The explanation of <paramref name="name"/>, or null when nothing has that name.</summary>
    /// <param name="status">The status document.</param>
    /// <param name="name">A group, service or check name (looked up in that order).</param>
    /// <returns>The text, or null.</returns>
    public static string? Render(JsonElement status, string name)
    {
        var now = status.GetProperty("now").GetDateTimeOffset();
        if (Find(status, "groups", name) is { } group)
        {
            return Group(group, now);
        }

        if (Find(status, "services", name) is { } service)
        {
            return Service(service, now);
        }

        return Find(status, "checks", name) is { } check ? Check(check, now) : null;
    }

    private static JsonElement? Find(JsonElement status, string list, string name) =>
        status.TryGetProperty(list, out var items)
            ? items.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(e => e!.Value.GetProperty("name").GetString() == name)
            : null;

    private static string Group(JsonElement g, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var role = g.GetProperty("role").GetString();
        text.Append(CultureInfo.InvariantCulture, $"group {g.GetProperty("name").GetString()} ({g.GetProperty("coordinator").GetString()}): ");
        text.Append(CultureInfo.InvariantCulture, $"{g.GetProperty("node").GetString()} is {role}{Since(g, "since", now)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  why:      {g.GetProperty("reason").GetString() ?? "(not shown: status without credentials)"}\n");
        text.Append(CultureInfo.InvariantCulture, $"  leader:   {g.GetProperty("leader").GetString() ?? "none known"}\n");
        if (g.GetProperty("fencing_token") is { ValueKind: JsonValueKind.Number } token)
        {
            text.Append(CultureInfo.InvariantCulture, $"  token:    {token.GetInt64()} (HALE_FENCING_TOKEN)\n");
        }

        if (g.GetProperty("lease_age_ms") is { ValueKind: JsonValueKind.Number } age)
        {
            text.Append(CultureInfo.InvariantCulture, $"  lease:    last renewal answered {age.GetDouble():0} ms ago\n");
        }

        var rows = new List<string[]> { new[] { "  MEMBER", "PRIORITY", "HEALTHY", "HEALTHY FOR" } };
        foreach (var m in g.GetProperty("members").EnumerateArray())
        {
            var healthy = m.GetProperty("healthy");
            var since = m.GetProperty("healthy_since");
            rows.Add([
                "  " + m.GetProperty("node").GetString(),
                m.GetProperty("priority").GetInt32().ToString(CultureInfo.InvariantCulture),
                healthy.ValueKind switch { JsonValueKind.True => "yes", JsonValueKind.False => "no", _ => "-" },
                since.ValueKind == JsonValueKind.String ? StatusTable.Duration(now - since.GetDateTimeOffset()) : "-",
            ]);
        }

        StatusTable.Append(text, rows);
        return text.ToString();
    }

    private static string Service(JsonElement s, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"service {s.GetProperty("name").GetString()}: {s.GetProperty("state").GetString()}{Since(s, "since", now)}");
        text.Append(s.GetProperty("wanted").GetBoolean() ? "\n" : " (stopped on purpose: not wanted)\n");
        Line(text, "waits for", s, "waiting_for");
        Line(text, "next start", s, "next_start_at");
        Line(text, "held until", s, "held_until");
        Line(text, "last error", s, "last_error");
        if (s.GetProperty("last_exit") is { ValueKind: JsonValueKind.Object } exit)
        {
            text.Append(CultureInfo.InvariantCulture, $"  last exit:  {exit.GetProperty("description").GetString()}{Since(exit, "at", now)}\n");
        }

        return text.ToString();
    }

    private static string Check(JsonElement c, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"check {c.GetProperty("name").GetString()}: {c.GetProperty("status").GetString()}{Since(c, "since", now)}\n");
        Line(text, "detail", c, "detail");
        if (c.TryGetProperty("last_transition", out var t))
        {
            text.Append(CultureInfo.InvariantCulture, $"  changed:    {t.GetProperty("from").GetString()} -> {t.GetProperty("to").GetString()}{Since(t, "at", now)}: {t.GetProperty("cause").GetString() ?? "-"}\n");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, JsonElement e, string property)
    {
        if (e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {(label + ":").PadRight(11)} {value.GetString()}\n");
        }
    }

    private static string Since(JsonElement e, string property, DateTimeOffset now) =>
        e.TryGetProperty(property, out var at) && at.ValueKind == JsonValueKind.String
            ? $" for {StatusTable.Duration(now - at.GetDateTimeOffset())}"
            : string.Empty;
}
