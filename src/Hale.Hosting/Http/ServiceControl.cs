using System.Net;
using Hale.Auth;
using Hale.Services;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>POST /-/services/NAME/start|stop|restart|reset</c>: an operator's command to a supervised service. Over the control
/// socket no credentials are needed; over TCP, HTTP Basic against <see cref="HealthCheckServerOptions.ControlAuth"/>
/// (rate limited like fail-back POSTs), and none configured means 403.
/// </summary>
internal sealed class ServiceControl(Supervisor services, ICredentialVerifier? auth, AuthFailureLimiter limiter, ILogger logger)
{
    public const string Prefix = "-/services/";
    public const string TrustedConnectionKey = "hale.control-socket";

    public static bool IsControlSocket(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(TrustedConnectionKey) == true;

    public async Task HandleAsync(HttpContext context, ReadOnlyMemory<char> rest)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await PlainText.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "ERROR");
            return;
        }

        var text = rest.ToString();
        var slash = text.LastIndexOf('/');
        var name = slash > 0 ? text[..slash] : text;
        var verb = slash > 0 ? text[(slash + 1)..] : string.Empty;
        if (!Enum.TryParse<ServiceCommand>(verb, ignoreCase: true, out var command) || !Enum.IsDefined(command) || verb.Any(char.IsDigit))
        {
            await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, "unknown command: use start, stop, restart or reset");
            return;
        }

        if (!IsControlSocket(context) && !await AuthorizedAsync(context))
        {
            return;
        }

        if (!services.Send(name, command))
        {
            await PlainText.NotFoundAsync(context);
            return;
        }

        await PlainText.WriteAsync(context, StatusCodes.Status202Accepted, "OK");
    }

    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        if (auth is null)
        {
            await PlainText.WriteAsync(context, StatusCodes.Status403Forbidden, "service control over TCP needs http.auth (or use the control socket)");
            return false;
        }

        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (limiter.IsLimited(client, out _))
        {
            await PlainText.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed authentications");
            return false;
        }

        var parsed = BasicCredentials.TryParse(context.Request.Headers.Authorization.ToString(), out var user, out var password);
        var verdict = parsed ? auth.Verify(user, password) : new CredentialCheckResult(CredentialVerdict.Denied);
        switch (verdict.Verdict)
        {
            case CredentialVerdict.Granted:
                return true;
            case CredentialVerdict.Unavailable:
                Log.CredentialsUnavailable(logger, "-/services", verdict.Error ?? "unknown error");
                await PlainText.WriteAsync(context, StatusCodes.Status500InternalServerError, "ERROR");
                return false;
            default:
                limiter.RecordFailure(client);
                Log.InvalidCredentials(logger, "-/services", parsed ? user : "(none)", client.ToString());
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"hale\", charset=\"UTF-8\"";
                await PlainText.WriteAsync(context, StatusCodes.Status401Unauthorized, "Invalid credentials");
                return false;
        }
    }
}
