using Hale.Checks;
using Hale.LoadBalancers;
using Hale.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Hosting.Http;

/// <summary>
/// The one terminal request handler: <c>/NAME</c> answers a component as COMPAT.md §1 says, <c>/-/status</c> the JSON
/// status, <c>/-/services/NAME/logs</c> a service's output (<see cref="ServiceLogsEndpoint"/>). Leading slashes collapse, the query string is ignored. Thread-safe; the component table is read-only once serving.
/// </summary>
internal sealed class ComponentEndpoint(
    Func<ComponentRoutes> routes,
    OperatorPostHandler posts,
    ServiceControl? control,
    Supervisor? services,
    Func<IReadOnlyList<LoadBalancerSnapshot>>? balancers,
    Func<IReadOnlyList<Status.GroupStatus>>? groups,
    StatusAccess statusAccess,
    TimeProvider time,
    ILogger logger,
    ExplainEndpoint? explain = null,
    ServiceLogsEndpoint? logs = null,
    OperatorWindow? window = null)
{
    public const string StatusPath = "-/status";

    public async Task HandleAsync(HttpContext context)
    {
        var name = context.Request.Path.Value.AsSpan().TrimStart('/');
        var method = context.Request.Method;
        var readOnly = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var windowHandler = window?.Match(name);
        if (!readOnly && CrossSiteGuard.IsCrossSite(context.Request))
        {
            await CrossSiteGuard.RefuseAsync(context, logger);
            return;
        }

        if (windowHandler is not null)
        {
            await windowHandler(context);
            return;
        }

        if (name.SequenceEqual(StatusPath))
        {
            if (!readOnly)
            {
                await MethodNotAllowedAsync(context, "GET, HEAD");
                return;
            }

            if (await statusAccess.FullViewAsync(context) is not { } full)
            {
                return;
            }

            await StatusDocument.WriteAsync(context, routes().All, services, balancers, groups, time, full);
            return;
        }

        if (explain is not null && name.StartsWith(ExplainEndpoint.Prefix, StringComparison.Ordinal))
        {
            await explain.HandleAsync(context, name[ExplainEndpoint.Prefix.Length..].ToString());
            return;
        }

        if (logs is not null && name.StartsWith(ServiceControl.Prefix, StringComparison.Ordinal)
            && ServiceLogsEndpoint.Matches(context, name[ServiceControl.Prefix.Length..]))
        {
            await logs.HandleAsync(context, name[ServiceControl.Prefix.Length..].ToString());
            return;
        }

        if (control is not null && name.StartsWith(ServiceControl.Prefix, StringComparison.Ordinal))
        {
            await control.HandleAsync(context, context.Request.Path.Value.AsMemory().TrimStart('/')[ServiceControl.Prefix.Length..]);
            return;
        }

        if (!routes().TryGet(name, out var component))
        {
            await PlainText.NotFoundAsync(context);
            return;
        }

        if (readOnly)
        {
            var result = await EvaluateAsync(component.Check, context.RequestAborted);
            await PlainText.WriteStatusAsync(context, result.Status);
        }
        else if (HttpMethods.IsPost(method) && component.OnPost is not null)
        {
            await posts.HandleAsync(context, component);
        }
        else
        {
            await MethodNotAllowedAsync(context, component.OnPost is null ? "GET, HEAD" : "GET, HEAD, POST");
        }
    }

    private async Task<CheckResult> EvaluateAsync(NamedCheck check, CancellationToken cancellationToken)
    {
        var result = await check.CheckAsync(cancellationToken);
        if (result.Status == CheckStatus.Error)
        {
            Log.CheckError(logger, check.Name, SafeText.ForLog(result.Detail));
        }

        return result;
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return PlainText.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "ERROR");
    }
}
