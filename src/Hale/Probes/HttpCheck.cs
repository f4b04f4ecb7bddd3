using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Hale.Checks;

namespace Hale.Probes;

/// <summary>
/// OK iff an HTTP(S) request answers an expected status within the timeout (heartbeat's http/https checks, autoheal's
/// HTTP dependencies). TLS is verified, against <see cref="HttpCheckOptions.TrustedCaFile"/> when given.
/// </summary>
/// <remarks>
/// Each evaluation opens a fresh connection (<c>Connection: close</c>), so a server that stops accepting is noticed.
/// Only the status line and headers are read. DNS failure, refusal, TLS failure and timeout are FAIL results.
/// Thread-safe. Dispose to release the connection handler.
/// </remarks>
public sealed class HttpCheck : ICheck, IDisposable
{
    private readonly TimeProvider _time;
    private readonly HttpClient _client;

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
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = options.FollowRedirects,
            MaxAutomaticRedirections = 10,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = false,
            UseProxy = false,
        };
        if (options.TrustedCaFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            if (roots.Count == 0)
            {
                throw new System.Security.Cryptography.CryptographicException($"no certificate in '{caFile}'");
            }

            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByRoots(certificate, errors, roots),
            };
        }

        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>The options.</summary>
    public HttpCheckOptions Options { get; }

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        using var timeout = new ProbeTimeout(Options.Timeout, _time, cancellationToken);
        using var request = new HttpRequestMessage(Options.Method, Options.Url);
        request.Headers.ConnectionClose = true;
        request.Headers.UserAgent.ParseAdd("hale-health-check/1");
        CheckResult result;
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var where = response.RequestMessage?.RequestUri ?? Options.Url;
            result = Options.Expect.Accepts(code)
                ? CheckResult.Ok($"{code} from {where}")
                : CheckResult.Fail($"{code} from {where}, expected {Options.Expect}");
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
    public void Dispose() => _client.Dispose();

    private static bool TrustedByRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
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
}
