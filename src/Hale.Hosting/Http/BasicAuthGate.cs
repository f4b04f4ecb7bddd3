using System.Globalization;
using System.Net;
using Hale.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Hosting.Http;

/// <summary>
/// HTTP Basic authentication for operator requests (fail-back POSTs, service control): 429 with <c>Retry-After</c> while the
/// client is rate limited, 500 <c>ERROR</c> when the credentials cannot be checked, 401 <c>Invalid credentials</c> with
/// <c>WWW-Authenticate: Basic</c> (counted as a failure) otherwise. Passwords are never logged. Thread-safe.
/// </summary>
internal sealed class BasicAuthGate(AuthFailureLimiter limiter, ILogger logger)
{
    private static readonly byte[] InvalidCredentialsBody = "Invalid credentials"u8.ToArray();
    private static readonly byte[] TooManyBody = "Too many failed authentications"u8.ToArray();

    /// <summary>Checks the request's credentials; when refused, the answer has been written.</summary>
    /// <param name="context">The request.</param>
    /// <param name="what">What is asked, for logs (a component name or <c>-/services</c>).</param>
    /// <param name="verifier">Who may.</param>
    /// <returns>The user name when granted; null when refused (answered).</returns>
    public async Task<string?> AuthorizeAsync(HttpContext context, string what, ICredentialVerifier verifier)
    {
        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.IsLimited(client, out var retryAfter))
        {
            Log.RateLimited(logger, what, client.ToString());
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await PlainText.WriteAsync(context, StatusCodes.Status429TooManyRequests, TooManyBody);
            return null;
        }

        var parsed = BasicCredentials.TryParse(context.Request.Headers.Authorization.ToString(), out var user, out var password);
        var verdict = parsed ? verifier.Verify(user, password) : new CredentialCheckResult(CredentialVerdict.Denied);
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
}
