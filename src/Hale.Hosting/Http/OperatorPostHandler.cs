using Hale.Checks;
using Hale.Combinators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Hosting.Http;

/// <summary>
/// A POST to a component with <c>on_post</c>: fire its Oneshot after HTTP Basic authentication (failover's manual
/// fail-back), or evaluate its on_post check. Thread-safe.
/// </summary>
internal sealed class OperatorPostHandler(BasicAuthGate auth, ILogger logger)
{
    private static readonly byte[] ArmedBody = "Armed"u8.ToArray();

    public async Task HandleAsync(HttpContext context, Component component)
    {
        if (component.OnPost is Oneshot oneshot)
        {
            await FireAsync(context, component.Name, oneshot);
            return;
        }

        var result = await SafeCheck.EvaluateAsync(component.OnPost!, context.RequestAborted);
        Log.PostEvaluated(logger, component.Name, result.Status);
        await PlainText.WriteStatusAsync(context, result.Status);
    }

    private async Task FireAsync(HttpContext context, string name, Oneshot oneshot)
    {
        var user = "(anonymous)";
        if (oneshot.Auth is { } verifier)
        {
            if (await auth.AuthorizeAsync(context, name, verifier) is not { } granted)
            {
                return;
            }

            user = granted;
        }

        oneshot.Fire();
        Log.Armed(logger, name, SafeText.Escape(user), context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        await PlainText.WriteAsync(context, StatusCodes.Status200OK, ArmedBody);
    }
}
