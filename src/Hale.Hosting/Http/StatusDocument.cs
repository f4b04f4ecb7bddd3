using System.Text.Json;
using Hale.Checks;
using Hale.Hosting.Status;
using Hale.LoadBalancers;
using Hale.Processes;
using Hale.Services;
using Hale.Text;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>GET /-/status</c>: a JSON document of every check with its status, since when, the last result and the last
/// transition; every service with its state, its last exit (<c>last_exit</c>: at, exit_code, signal, description) and the
/// last lines of its output (<c>output</c>: stream, text; oldest first); every load balancer. Reads snapshots only; never
/// evaluates a check.
/// </summary>
/// <remarks>
/// Details may hold secrets (a command's output, a URL's password), so there are two views. The full one (over the control
/// socket, or over TCP with valid <c>http.auth</c> credentials) has every detail, with URLs' user information and query
/// redacted (<c>https://***@host/path?***</c>). The public one (<c>"redacted": true</c>) has statuses, times and exit codes
/// but no check <c>detail</c> or transition <c>cause</c>, no service <c>last_error</c> and an empty <c>output</c>.
/// </remarks>
internal static class StatusDocument
{
    public static async Task WriteAsync(
        HttpContext context,
        IReadOnlyCollection<Component> components,
        Supervisor? services,
        Func<IReadOnlyList<LoadBalancerSnapshot>>? balancers,
        Func<IReadOnlyList<GroupStatus>>? groups,
        TimeProvider time,
        bool full)
    {
        var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("now", time.GetUtcNow());
            json.WriteBoolean("redacted", !full);
            json.WriteStartArray("checks");
            foreach (var component in components)
            {
                WriteCheck(json, component, full);
            }

            json.WriteEndArray();
            json.WriteStartArray("services");
            foreach (var status in services?.Statuses ?? [])
            {
                WriteService(json, status, full);
            }

            json.WriteEndArray();
            json.WriteStartArray("load_balancers");
            foreach (var balancer in balancers?.Invoke() ?? [])
            {
                WriteBalancer(json, balancer);
            }

            json.WriteEndArray();
            json.WriteStartArray("groups");
            foreach (var group in groups?.Invoke() ?? [])
            {
                WriteGroup(json, group, full);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
    }

    private static void WriteCheck(Utf8JsonWriter json, Component component, bool full)
    {
        var s = component.Check.Snapshot;
        json.WriteStartObject();
        json.WriteString("name", s.Name);
        json.WriteBoolean("served", component.Served);
        json.WriteBoolean("on_post", component.OnPost is not null);
        json.WriteString("status", Format(s.Status));
        WriteTime(json, "since", s.Since);
        WriteTime(json, "last_checked", s.LastCheckedAt);
        if (s.LastResult is { } last)
        {
            WriteOptional(json, "detail", full ? SafeText.RedactUrls(last.Detail) : null);
            json.WriteNumber("duration_ms", Math.Round(last.Duration.TotalMilliseconds, 3));
        }

        if (s.LastTransition is { } t)
        {
            json.WriteStartObject("last_transition");
            json.WriteString("at", t.At);
            json.WriteString("from", Format(t.From));
            json.WriteString("to", Format(t.To));
            WriteOptional(json, "cause", full ? SafeText.RedactUrls(t.Cause) : null);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter json, GroupStatus g, bool full)
    {
        json.WriteStartObject();
        json.WriteString("name", g.Name);
        json.WriteString("coordinator", g.Coordinator);
        json.WriteString("node", g.Node);
        json.WriteString("role", g.Role);
        WriteOptional(json, "leader", g.Leader);
        if (g.FencingToken is { } token)
        {
            json.WriteNumber("fencing_token", token);
        }
        else
        {
            json.WriteNull("fencing_token");
        }

        if (g.LeaseAge is { } age)
        {
            json.WriteNumber("lease_age_ms", Math.Round(age.TotalMilliseconds, 1));
        }
        else
        {
            json.WriteNull("lease_age_ms");
        }

        WriteOptional(json, "reason", full ? g.Reason : null);
        WriteTime(json, "since", g.Since);
        json.WriteStartArray("members");
        foreach (var m in g.Members)
        {
            json.WriteStartObject();
            json.WriteString("node", m.Node);
            json.WriteNumber("priority", m.Priority);
            if (m.Healthy is { } healthy)
            {
                json.WriteBoolean("healthy", healthy);
            }
            else
            {
                json.WriteNull("healthy");
            }

            WriteTime(json, "healthy_since", m.HealthySince);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteService(Utf8JsonWriter json, ServiceStatus s, bool full)
    {
        json.WriteStartObject();
        json.WriteString("name", s.Name);
        json.WriteString("state", s.State.ToString().ToLowerInvariant());
        json.WriteString("since", s.Since);
        json.WriteBoolean("wanted", s.Wanted);
        if (s.Pid is { } pid)
        {
            json.WriteNumber("pid", pid);
        }
        else
        {
            json.WriteNull("pid");
        }

        WriteTime(json, "started_at", s.HasInstance ? s.StartedAt : null);
        json.WriteNumber("restarts", s.Restarts);
        WriteOptional(json, "waiting_for", s.HasInstance ? null : s.WaitingFor);
        WriteTime(json, "waiting_since", s.HasInstance ? null : s.WaitingSince);
        WriteTime(json, "next_start_at", s.NextStartAt);
        WriteTime(json, "held_until", s.HeldUntil);
        WriteOptional(json, "last_error", full && s.LastError is { } error ? SafeText.RedactUrls(error) : null);
        if (s.LastExit is { } exit)
        {
            json.WriteStartObject("last_exit");
            json.WriteString("at", exit.At);
            if (exit.ExitCode is { } code)
            {
                json.WriteNumber("exit_code", code);
            }
            else
            {
                json.WriteNull("exit_code");
            }

            WriteOptional(json, "signal", exit.Signal);
            json.WriteString("description", exit.Description);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("last_exit");
        }

        json.WriteStartArray("output");
        foreach (var line in full ? s.RecentOutput : [])
        {
            json.WriteStartObject();
            json.WriteString("stream", line.Stream == OutputStream.Stderr ? "stderr" : "stdout");
            json.WriteString("text", SafeText.RedactUrls(line.Text));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteBalancer(Utf8JsonWriter json, LoadBalancerSnapshot b)
    {
        json.WriteStartObject();
        json.WriteString("name", b.Name);
        json.WriteBoolean("reachable", b.Reachable);
        if (b.Info is { } info)
        {
            json.WriteNumber("pid", info.Pid);
            json.WriteNumber("uptime_s", (long)info.Uptime.TotalSeconds);
        }

        WriteTime(json, "next_retry_at", b.NextRetryAt);
        json.WriteStartArray("servers");
        foreach (var server in b.Servers)
        {
            json.WriteStartObject();
            json.WriteString("server", server.Server.ToString());
            json.WriteString("desired", server.Desired.ToString().ToLowerInvariant());
            WriteOptional(json, "applied", server.LastApplied?.ToString().ToLowerInvariant());
            WriteTime(json, "applied_at", server.LastAppliedAt);
            WriteOptional(json, "last_error", server.LastError);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static string Format(CheckStatus? status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Fail => "fail",
        CheckStatus.Error => "error",
        _ => "unknown",
    };
}
