using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Hale.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Events;

/// <summary>
/// <c>GET /-/events</c>: the <see cref="TransitionJournal"/> as Server-Sent Events (<c>text/event-stream</c>): one event per
/// transition, <c>id:</c> its id and <c>data:</c> one JSON object (id, at, kind, name, from, to, detail). <c>Last-Event-ID</c>
/// (or <c>?last_event_id=</c>) resumes after that id from the ring; a comment line keeps the connection alive every
/// <see cref="EventStreamOptions.KeepAlive"/>.
/// </summary>
/// <remarks>
/// <para>Access is <c>/-/status</c>'s (<see cref="StatusAccess"/>): details only in the full view. At most
/// <see cref="EventStreamOptions.MaxClients"/> streams at once (503 with <c>Retry-After</c> past it); each also counts as a
/// connection against <c>http.max_connections</c>.</para>
/// <para>A client that does not read falls behind: once <see cref="EventStreamOptions.QueueCapacity"/> events wait for it, its
/// connection is closed; the engine and the other clients never wait for it.</para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed class EventStreamEndpoint(TransitionJournal journal, EventStreamOptions options, StatusAccess access, TimeProvider time, ILogger logger)
{
    public const string Path = "-/events";

    private static readonly byte[] Opening = ": hale events\nretry: 2000\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveLine = ": keep-alive\n\n"u8.ToArray();
    private int _clients;

    /// <summary>The streams open now.</summary>
    public int Clients => Volatile.Read(ref _clients);

    public async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await PlainText.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "ERROR");
            return;
        }

        if (!TryParseLastEventId(context.Request, out var after))
        {
            await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, "Last-Event-ID must be a whole number");
            return;
        }

        if (await access.FullViewAsync(context) is not { } full)
        {
            return;
        }

        if (Interlocked.Increment(ref _clients) > options.MaxClients)
        {
            Interlocked.Decrement(ref _clients);
            Log.EventStreamsFull(logger, options.MaxClients, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            context.Response.Headers.RetryAfter = "5";
            await PlainText.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "too many event streams");
            return;
        }

        try
        {
            await StreamAsync(context, after, full);
        }
        finally
        {
            Interlocked.Decrement(ref _clients);
        }
    }

    private async Task StreamAsync(HttpContext context, long? after, bool full)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        using var subscription = journal.Subscribe(after, options.QueueCapacity);
        // The stream also ends when the application stops: a graceful shutdown would otherwise wait for it until its timeout.
        var stopping = context.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, subscription.Dropped, stopping);
        await using var keepAlive = time.CreateTimer(static s => ((EventSubscription)s!).Offer(null), subscription, options.KeepAlive, options.KeepAlive);
        var buffer = new ArrayBufferWriter<byte>(1024);
        await using var json = new Utf8JsonWriter(buffer);
        var body = response.BodyWriter;
        try
        {
            body.Write(Opening);
            foreach (var e in subscription.Backlog)
            {
                Append(body, buffer, json, e, full);
            }

            await body.FlushAsync(stop.Token);
            var reader = subscription.Reader;
            while (await reader.WaitToReadAsync(stop.Token))
            {
                while (reader.TryRead(out var e))
                {
                    if (e is null)
                    {
                        body.Write(KeepAliveLine);
                    }
                    else
                    {
                        Append(body, buffer, json, e, full);
                    }
                }

                var flushed = await body.FlushAsync(stop.Token);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        if (subscription.IsDropped)
        {
            Log.EventClientDropped(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", options.QueueCapacity);
            context.Abort();
        }
    }

    private static void Append(System.IO.Pipelines.PipeWriter body, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, TransitionEvent e, bool full)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        e.WriteTo(json, full);
        json.Flush();
        body.Write("id: "u8);
        Span<byte> digits = stackalloc byte[20];
        e.Id.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
        body.Write(digits[..written]);
        body.Write("\ndata: "u8);
        body.Write(buffer.WrittenSpan);
        body.Write("\n\n"u8);
    }

    private static bool TryParseLastEventId(HttpRequest request, out long? after)
    {
        after = null;
        var text = request.Headers["Last-Event-ID"].ToString();
        if (text.Length == 0)
        {
            text = request.Query["last_event_id"].ToString();
        }

        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            after = id;
            return true;
        }

        return false;
    }
}
