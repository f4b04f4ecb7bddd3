using Hale.Auth;
using Hale.Processes;
using Hale.Services;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>POST /-/services/NAME/start|stop|restart|reset</c>: an operator's command to a supervised service (202);
/// <c>POST /-/services/NAME/signal/SIG</c>: a signal (a name such as <c>HUP</c>, <c>SIGUSR1</c>, or a number) to its main
/// process (200 with what was done; 409 when nothing was sent: not running, or no pid known). Over the control
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
        var signalAt = name.LastIndexOf('/');
        if (signalAt > 0 && name[(signalAt + 1)..] == "signal")
        {
            await SignalAsync(context, name[..signalAt], verb);
            return;
        }

        if (!Enum.TryParse<ServiceCommand>(verb, ignoreCase: true, out var command) || !Enum.IsDefined(command) || verb.Any(char.IsDigit))
        {
            await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, "unknown command: use start, stop, restart, reset or signal/SIG");
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

    private async Task SignalAsync(HttpContext context, string name, string signalText)
    {
        if (!ProcessSignals.TryParse(signalText, out var signal))
        {
            await PlainText.WriteAsync(context, StatusCodes.Status400BadRequest, $"unknown signal '{signalText}': use a name such as TERM, SIGHUP or USR1, or a number from 1 to 64");
            return;
        }

        if (!IsControlSocket(context) && !await AuthorizedAsync(context))
        {
            return;
        }

        if (services.Signal(name, signal) is not { } result)
        {
            await PlainText.NotFoundAsync(context);
            return;
        }

        await PlainText.WriteAsync(context, result.Sent ? StatusCodes.Status200OK : StatusCodes.Status409Conflict, result.Message);
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
