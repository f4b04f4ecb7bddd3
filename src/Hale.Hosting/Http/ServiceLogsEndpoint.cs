using System.Globalization;
using System.Text;
using Hale.Auth;
using Hale.Logs;
using Hale.Processes;
using Hale.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>GET /-/services/NAME/logs?lines=N&amp;stream=all|stdout|stderr&amp;follow=1&amp;timestamps=1</c>: a service's recent output
/// lines (<see cref="ServiceLog"/>), as plain text, one line per line, oldest first, like <c>supervisorctl tail</c>. With
/// <c>follow=1</c> the response stays open and every new line is written (and flushed) the moment Hale reads it from the child;
/// it ends when the client goes away, the service is removed by a reload, or Hale stops.
/// </summary>
/// <remarks>
/// <para>
/// Logs may hold secrets, so only the full view gets them: over the control socket, or over TCP with valid <c>http.auth</c>
/// credentials (HTTP Basic, rate limited like service control); over TCP without <c>http.auth</c> configured the answer is 403.
/// Parameters: <c>lines</c> (default 10, 0..1,000,000) of the newest kept lines come first; <c>stream</c> keeps one stream;
/// <c>timestamps=1</c> prefixes each line with its time (UTC) and stream, as the log files hold them
/// (<c>2026-12-01T03:06:45.123Z stderr TEXT</c>). A bad parameter is 400, an unknown service 404.
/// </para>
/// <para>
/// A follower that falls 10,000 lines behind loses lines; the gap is shown by a line of Hale's own,
/// <c>[hale: N lines dropped: the client did not keep up]</c>. Thread-safe.
/// </para>
/// </remarks>
internal sealed class ServiceLogsEndpoint(Supervisor services, ICredentialVerifier? auth, BasicAuthGate gate)
{
    /// <summary>The last segment of the path after <c>-/services/NAME</c>.</summary>
    public const string Suffix = "/logs";

    /// <summary>Lines given when the request does not say: 10, as <c>tail</c>.</summary>
    public const int DefaultLines = 10;

    /// <summary>Whether <paramref name="rest"/> (the path after <c>-/services/</c>) asks for a service's logs with GET or HEAD.</summary>
    public static bool Matches(HttpContext context, ReadOnlySpan<char> rest) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && rest.Length > Suffix.Length && rest.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>Answers the request.</summary>
    /// <param name="context">The request.</param>
    /// <param name="rest">The path after <c>-/services/</c>: <c>NAME/logs</c>.</param>
    /// <returns>A task that completes when answered (for a follower: when it ends).</returns>
    public async Task HandleAsync(HttpContext context, string rest)
    {
        if (!ServiceControl.IsControlSocket(context) && !await AuthorizedAsync(context))
        {
            return;
        }

        if (!TryReadQuery(context.Request.Query, out var lines, out var stream, out var follow, out var timestamps, out var error))
        {
            await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }

        var name = rest[..^Suffix.Length];
        if (services.GetLog(name) is not { } log)
        {
            await PlainText.WriteAsync(context, StatusCodes.Status404NotFound, $"no service named '{name}'");
            return;
        }

        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (!follow)
        {
            await PlainText.WriteAsync(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(Format(log.Tail(lines, stream), timestamps)));
            return;
        }

        await FollowAsync(context, log, lines, stream, timestamps);
    }

    private static async Task FollowAsync(HttpContext context, ServiceLog log, int lines, OutputStream? stream, bool timestamps)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PlainText.ContentType;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var stopping = context.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var follower = log.Follow(lines, stream);
        try
        {
            await WriteAsync(response, Format(follower.Backlog, timestamps), ended.Token);
            var batch = new StringBuilder();
            while (await follower.Lines.WaitToReadAsync(ended.Token))
            {
                batch.Clear();
                while (batch.Length < 64 * 1024 && follower.Lines.TryRead(out var line))
                {
                    Append(batch, line, timestamps);
                }

                if (follower.TakeDropped() is > 0 and var dropped)
                {
                    batch.Append(CultureInfo.InvariantCulture, $"[hale: {dropped} lines dropped: the client did not keep up]\n");
                }

                await WriteAsync(response, batch.ToString(), ended.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client went away or Hale stops: following ends.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static string Format(IReadOnlyList<ServiceLogLine> lines, bool timestamps)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Append(text, line, timestamps);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, ServiceLogLine line, bool timestamps)
    {
        if (timestamps)
        {
            text.Append(line.ToFileLine());
        }
        else
        {
            text.Append(line.Text).Append('\n');
        }
    }

    private static bool TryReadQuery(IQueryCollection query, out int lines, out OutputStream? stream, out bool follow, out bool timestamps, out string error)
    {
        lines = DefaultLines;
        stream = null;
        follow = false;
        timestamps = false;
        error = string.Empty;
        if (query.TryGetValue("lines", out var linesText)
            && (!int.TryParse(linesText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out lines) || lines > ServiceLogOptions.MaxLines))
        {
            error = $"lines: expected a number of lines from 0 to {ServiceLogOptions.MaxLines}";
            return false;
        }

        switch (query.TryGetValue("stream", out var streamText) ? streamText.ToString() : "all")
        {
            case "all":
                break;
            case "stdout":
                stream = OutputStream.Stdout;
                break;
            case "stderr":
                stream = OutputStream.Stderr;
                break;
            default:
                error = "stream: expected stdout, stderr or all";
                return false;
        }

        return Flag(query, "follow", out follow, ref error) && Flag(query, "timestamps", out timestamps, ref error);
    }

    private static bool Flag(IQueryCollection query, string name, out bool value, ref string error)
    {
        value = false;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        switch (text.ToString())
        {
            case "1" or "true" or "":
                value = true;
                return true;
            case "0" or "false":
                return true;
            default:
                error = $"{name}: expected 1 or 0";
                return false;
        }
    }

    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        if (auth is null)
        {
            await PlainText.WriteAsync(context, StatusCodes.Status403Forbidden, "service logs over TCP need http.auth (or use the control socket)");
            return false;
        }

        return await gate.AuthorizeAsync(context, "-/services", auth) is not null;
    }
}
