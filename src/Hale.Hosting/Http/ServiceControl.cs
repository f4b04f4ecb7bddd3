using Hale.Auth;
using Hale.Services;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>POST /-/services/NAME/start|stop|restart|reset</c>: an operator's command to a supervised service. Over the control
/// socket no credentials are needed; over TCP, HTTP Basic against <see cref="HealthCheckServerOptions.ControlAuth"/>
/// (rate limited like fail-back POSTs), and none configured means 403.
/// </summary>
internal sealed class ServiceControl(Supervisor services, ICredentialVerifier? auth, BasicAuthGate gate)
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

        return await gate.AuthorizeAsync(context, "-/services", auth) is not null;
    }
}
