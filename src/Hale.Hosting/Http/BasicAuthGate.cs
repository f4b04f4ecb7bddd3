using System.Globalization;
using System.Net;
using Hale.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Hosting.Http;

/// <summary>
/// HTTP Basic authentication for operator requests (fail-back POSTs, service control): 429 with <c>Retry-After</c> while the
/// client, or every client together, is rate limited; 503 with <c>Retry-After: 1</c> when too many credential checks are
/// waiting (nothing is checked); 500 <c>ERROR</c> when the credentials cannot be checked; 401 <c>Invalid credentials</c> with
/// <c>WWW-Authenticate: Basic</c> (counted as a failure) otherwise. The check itself runs on the
/// <see cref="CredentialVerifierPool"/>, never on the request's thread. Passwords are never logged. Thread-safe.
/// </summary>
internal sealed class BasicAuthGate(AuthFailureLimiter limiter, CredentialVerifierPool pool, ILogger logger, TimeProvider time)
{
    private static readonly byte[] InvalidCredentialsBody = "Invalid credentials"u8.ToArray();
    private static readonly byte[] TooManyBody = "Too many failed authentications"u8.ToArray();
    private static readonly byte[] BusyBody = "Too many authentications in progress"u8.ToArray();
    private static readonly TimeSpan QuietLogInterval = TimeSpan.FromSeconds(1);
    private long _lastQuietLog = long.MinValue;

    /// <summary>Checks the request's credentials; when refused, the answer has been written.</summary>
    /// <param name="context">The request.</param>
    /// <param name="what">What is asked, for logs (a component name or <c>-/services</c>).</param>
    /// <param name="verifier">Who may.</param>
    /// <returns>The user name when granted; null when refused (answered).</returns>
    public async Task<string?> AuthorizeAsync(HttpContext context, string what, ICredentialVerifier verifier)
    {
        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.IsLimited(client, out var retryAfter, out var global))
        {
            if (!global)
            {
                Log.RateLimited(logger, what, client.ToString());
            }
            else if (MayLogQuietly())
            {
                Log.GloballyRateLimited(logger, what, client.ToString());
            }

            context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await PlainText.WriteAsync(context, StatusCodes.Status429TooManyRequests, TooManyBody);
            return null;
        }

        var parsed = BasicCredentials.TryParse(context.Request.Headers.Authorization.ToString(), out var user, out var password);
        var verdict = new CredentialCheckResult(CredentialVerdict.Denied);
        if (parsed)
        {
            if (!pool.TryVerify(verifier, user, password, context.RequestAborted, out var check))
            {
                if (MayLogQuietly())
                {
                    Log.VerifierBusy(logger, what, client.ToString());
                }

                context.Response.Headers.RetryAfter = "1";
                await PlainText.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, BusyBody);
                return null;
            }

            try
            {
                verdict = await check;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.VerifierFailed(logger, ex);
                verdict = new CredentialCheckResult(CredentialVerdict.Unavailable, $"{ex.GetType().Name}: {ex.Message}");
            }

            foreach (var warning in verdict.Warnings ?? [])
            {
                Log.CredentialStoreWarning(logger, warning);
            }
        }

        switch (verdict.Verdict)
        {
            case CredentialVerdict.Granted:
                return user;
            case CredentialVerdict.Unavailable:
                Log.CredentialsUnavailable(logger, what, verdict.Error ?? "unknown error");
                await PlainText.WriteAsync(context, StatusCodes.Status500InternalServerError, "ERROR");
                return null;
            default:
                limiter.RecordFailure(client);
                Log.InvalidCredentials(logger, what, parsed ? SafeText.Escape(user) : "(none)", client.ToString());
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"hale\", charset=\"UTF-8\"";
                await PlainText.WriteAsync(context, StatusCodes.Status401Unauthorized, InvalidCredentialsBody);
                return null;
        }
    }

    /// <summary>Whether a line about a storm (everyone limited, verifiers busy) may be logged now: at most one a second.</summary>
    private bool MayLogQuietly()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastQuietLog);
        return (last == long.MinValue || time.GetElapsedTime(last, now) >= QuietLogInterval)
            && Interlocked.CompareExchange(ref _lastQuietLog, now, last) == last;
    }
}
