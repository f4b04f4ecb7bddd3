using System.Text.Json;
using Hale.Hosting.Explain;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>GET /-/explain/NAME</c>: why the services, checks, actions, HAProxy servers or failover groups named NAME are in their
/// state (see <see cref="Explainer"/> for how a name is looked up, and <c>KIND/NAME</c>). JSON:
/// <c>{ "now", "redacted", "explanations": [ { "kind", "name", "state", "since", "rule", "inputs": [ { "name", "value",
/// "at", "age_ms" } ], "would_change": [ … ], "text" } ], "text" }</c>, where <c>age_ms</c> is negative for a future
/// instant (a hold's end) and the top-level <c>text</c> joins the explanations' texts. Unknown name: 404 with a plain-text
/// message. Same access rule as <c>/-/status</c> (<see cref="StatusAccess"/>): without credentials details that may hold
/// secrets are left out (<c>"redacted": true</c>). Thread-safe.
/// </summary>
internal sealed class ExplainEndpoint(Explainer explainer, StatusAccess access, TimeProvider time)
{
    public const string Prefix = "-/explain/";

    /// <summary>Answers a request whose path (without leading slashes) starts with <see cref="Prefix"/>.</summary>
    public async Task HandleAsync(HttpContext context, string rest)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await PlainText.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "ERROR");
            return;
        }

        var name = rest.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (name.Length == 0)
        {
            await PlainText.WriteAsync(context, StatusCodes.Status404NotFound, "explain what? use /-/explain/NAME (a service, check, action, BACKEND/SERVER or group)");
            return;
        }

        if (await access.FullViewAsync(context) is not { } full)
        {
            return;
        }

        var now = time.GetUtcNow();
        var found = explainer.Explain(name, now, full);
        if (found.Count == 0)
        {
            await PlainText.WriteAsync(context, StatusCodes.Status404NotFound, $"no service, check, action, server or group named '{name}'");
            return;
        }

        var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            Write(json, found, now, full);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
    }

    private static void Write(Utf8JsonWriter json, IReadOnlyList<Explanation> found, DateTimeOffset now, bool full)
    {
        var texts = found.Select(e => ExplanationText.Render(e, now)).ToList();
        json.WriteStartObject();
        json.WriteString("now", now);
        json.WriteBoolean("redacted", !full);
        json.WriteStartArray("explanations");
        for (var i = 0; i < found.Count; i++)
        {
            var e = found[i];
            json.WriteStartObject();
            json.WriteString("kind", e.Kind);
            json.WriteString("name", e.Name);
            json.WriteString("state", e.State);
            WriteTime(json, "since", e.Since);
            json.WriteString("rule", e.Rule);
            json.WriteStartArray("inputs");
            foreach (var input in e.Inputs)
            {
                json.WriteStartObject();
                json.WriteString("name", input.Name);
                json.WriteString("value", input.Value);
                WriteTime(json, "at", input.At);
                if (input.At is { } at)
                {
                    json.WriteNumber("age_ms", Math.Round((now - at).TotalMilliseconds, 1));
                }
                else
                {
                    json.WriteNull("age_ms");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("would_change");
            foreach (var change in e.WouldChange)
            {
                json.WriteStringValue(change);
            }

            json.WriteEndArray();
            json.WriteString("text", texts[i]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("text", string.Join("\n", texts));
        json.WriteEndObject();
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
}
