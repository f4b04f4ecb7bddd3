using Hale.Checks;

namespace Hale.Probes;

/// <summary>
/// OK iff an HTTP(S) request answers an expected status within the timeout (heartbeat's http/https checks, autoheal's
/// HTTP dependencies). TLS is verified, against <see cref="HttpCheckOptions.TrustedCaFile"/> when given.
/// </summary>
/// <remarks>
/// Connections are kept alive and reused: every check with the same redirect and CA options shares one handler
/// (<see cref="HttpHandlerPool"/>), which pools connections per scheme, host and port, each used for at most a minute (so a
/// server that stops accepting new connections is noticed within it) and closed after 30 s unused, at most 32 per target (a
/// request waits for a free one, within its timeout); a pooled connection the server has closed is replaced at once. Only the status line and headers are read. DNS failure, refusal, TLS failure and
/// timeout are FAIL results. Thread-safe. Dispose to release the handler.
/// </remarks>
public sealed class HttpCheck : ICheck, IDisposable
{
    private readonly TimeProvider _time;
    private readonly HttpHandlerPool.Lease _handler;
    private const string UserAgent = "hale-health-check/1";
    private readonly HttpMessageInvoker _invoker;
    private Answer? _lastAnswer;

    /// <summary>Creates the probe.</summary>
    /// <param name="options">What to request and what to accept.</param>
    /// <param name="timeProvider">The clock for the timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The URL is not absolute http/https, or the method is not GET or HEAD.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is not positive.</exception>
    /// <exception cref="IOException">The CA file cannot be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The CA file holds no certificate.</exception>
    public HttpCheck(HttpCheckOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Url.IsAbsoluteUri || (options.Url.Scheme != Uri.UriSchemeHttp && options.Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{options.Url}' is not an absolute http or https URL", nameof(options));
        }

        if (options.Method != HttpMethod.Get && options.Method != HttpMethod.Head)
        {
            throw new ArgumentException($"method must be GET or HEAD, not {options.Method}", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _handler = HttpHandlerPool.Rent(options.FollowRedirects, options.TrustedCaFile);
        _invoker = new HttpMessageInvoker(_handler.Handler, disposeHandler: false);
    }

    /// <summary>The options.</summary>
    public HttpCheckOptions Options { get; }

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        using var timeout = new ProbeTimeout(Options.Timeout, _time, cancellationToken);
        using var request = new HttpRequestMessage(Options.Method, Options.Url);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        CheckResult result;
        try
        {
            // Only the headers are awaited (the handler does not buffer a body); disposing the response drains a small body in
            // the background so that the connection goes back to the pool.
            using var response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var where = response.RequestMessage?.RequestUri ?? Options.Url;
            result = Options.Expect.Accepts(code)
                ? CheckResult.Ok(Describe(code, where))
                : CheckResult.Fail($"{Describe(code, where)}, expected {Options.Expect}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = CheckResult.Fail($"{Options.Url} timed out after {Options.Timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            result = CheckResult.Fail($"{Options.Url}: {Flatten(ex)}");
        }

        return result with { Duration = _time.GetElapsedTime(started) };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _invoker.Dispose();
        _handler.Dispose();
    }

    /// <summary>"200 from URL"; the text of the last answer is kept, since a probe answers the same nearly every time.</summary>
    private string Describe(int code, Uri where)
    {
        var last = Volatile.Read(ref _lastAnswer);
        if (last is not null && last.Code == code && ReferenceEquals(last.Where, where))
        {
            return last.Text;
        }

        var text = $"{code} from {where}";
        Volatile.Write(ref _lastAnswer, new Answer(code, where, text));
        return text;
    }

    private static string Flatten(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += $" ({inner.Message})";
        }

        return message;
    }

    private sealed record Answer(int Code, Uri Where, string Text);
}
