using System.Threading.Channels;

namespace Hale.Testing;

/// <summary>
/// A Server-Sent Events client for tests: reads <c>id:</c>/<c>data:</c> events from a stream in the background and queues
/// them (with the monotonic timestamp each was read at). Disposing it closes the connection.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly Task _reader;
    private long _comments;

    private SseClient(HttpClient client, HttpResponseMessage response)
    {
        _client = client;
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The response's status code.</summary>
    public int Status => (int)_response.StatusCode;

    /// <summary>The response's content type.</summary>
    public string? ContentType => _response.Content.Headers.ContentType?.ToString();

    /// <summary>Comment lines (keep-alives) read so far.</summary>
    public long Comments => Interlocked.Read(ref _comments);

    /// <summary>Whether the server ended the stream.</summary>
    public bool Ended => _reader.IsCompleted;

    /// <summary>Opens <paramref name="url"/> with optional headers (e.g. <c>Last-Event-ID</c>, <c>Authorization</c>).</summary>
    public static async Task<SseClient> ConnectAsync(Uri url, IReadOnlyDictionary<string, string>? headers = null, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(client, response);
    }

    /// <summary>The next event, waiting up to <paramref name="deadline"/>; throws <see cref="TimeoutException"/> past it.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline, TimeProvider.System);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no event within {deadline.TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new EndOfStreamException("the stream ended");
        }
    }

    /// <summary>Reads events until one matches, waiting up to <paramref name="deadline"/> in all.</summary>
    public async Task<SseEvent> NextMatchingAsync(Func<SseEvent, bool> match, TimeSpan deadline)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var left = deadline - TimeProvider.System.GetElapsedTime(started);
            var e = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (match(e))
            {
                return e;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        _client.Dispose();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream);
            string? id = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        _events.Writer.TryWrite(new SseEvent(id, string.Join('\n', data), TimeProvider.System.GetTimestamp()));
                    }

                    id = null;
                    data.Clear();
                }
                else if (line.StartsWith(':'))
                {
                    Interlocked.Increment(ref _comments);
                }
                else if (line.StartsWith("id:", StringComparison.Ordinal))
                {
                    id = line[3..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}
