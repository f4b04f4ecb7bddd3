using System.Globalization;
using System.Net;
using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Http;

/// <summary>
/// A POST to a component with <c>on_post</c>: fire its Oneshot after HTTP Basic authentication (failover's manual
/// fail-back), or evaluate its on_post check. Failed authentications are rate limited per client. Thread-safe.
/// </summary>
internal sealed class OperatorPostHandler(AuthFailureLimiter limiter, ILogger logger)
{
    private static readonly byte[] ArmedBody = "Armed"u8.ToArray();
    private static readonly byte[] InvalidCredentialsBody = "Invalid credentials"u8.ToArray();
    private static readonly byte[] TooManyBody = "Too many failed authentications"u8.ToArray();

    public async Task HandleAsync(HttpContext context, Component component)
    {
        if (component.OnPost is Oneshot oneshot)
        {
            await FireAsync(context, component.Name, oneshot);
            return;
        }

        var result = await SafeEvaluateAsync(component.OnPost!, context.RequestAborted);
        Log.PostEvaluated(logger, component.Name, result.Status);
        await PlainText.WriteStatusAsync(context, result.Status);
    }

    private static async Task<CheckResult> SafeEvaluateAsync(ICheck check, CancellationToken cancellationToken)
    {
        try
        {
            return await check.CheckAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return CheckResult.Error(ex.Message);
        }
    }

    private async Task FireAsync(HttpContext context, string name, Oneshot oneshot)
    {
        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        var clientText = client.ToString();
        var user = "(anonymous)";
        if (oneshot.Auth is { } auth)
        {
            if (limiter.IsLimited(client, out var retryAfter))
            {
                Log.RateLimited(logger, name, clientText);
                context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await PlainText.WriteAsync(context, StatusCodes.Status429TooManyRequests, TooManyBody);
                return;
            }

            var header = context.Request.Headers.Authorization.ToString();
            var parsed = BasicCredentials.TryParse(header, out user, out var password);
            var verdict = parsed ? auth.Verify(user, password) : new CredentialCheckResult(CredentialVerdict.Denied);
            if (verdict.Verdict == CredentialVerdict.Unavailable)
            {
                Log.CredentialsUnavailable(logger, name, verdict.Error ?? "unknown error");
                await PlainText.WriteAsync(context, StatusCodes.Status500InternalServerError, "ERROR");
                return;
            }

            if (verdict.Verdict != CredentialVerdict.Granted)
            {
                limiter.RecordFailure(client);
                Log.InvalidCredentials(logger, name, parsed ? user : "(none)", clientText);
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"hale\", charset=\"UTF-8\"";
                await PlainText.WriteAsync(context, StatusCodes.Status401Unauthorized, InvalidCredentialsBody);
                return;
            }
        }

        oneshot.Fire();
        Log.Armed(logger, name, user, clientText);
        await PlainText.WriteAsync(context, StatusCodes.Status200OK, ArmedBody);
    }
}
