using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hale.Hosting;

/// <summary>Serves a <see cref="HaleEngine"/>'s endpoints inside an existing ASP.NET Core application.</summary>
public static class HaleEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps Hale's endpoints under <paramref name="prefix"/>: <c>PREFIX/NAME</c> answers a component as <c>hale run</c> does
    /// (200 OK, 503 FAIL, 500 ERROR; POST for fail-back), <c>PREFIX/-/status</c> the JSON status, and
    /// <c>PREFIX/-/services/NAME/ACTION</c> service control behind <c>http.auth</c>. Your own routes keep precedence over the
    /// catch-all. Build the engine with <see cref="HaleEngineOptions.ServeHttp"/> false so it does not also listen itself.
    /// </summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <param name="engine">The engine; start it as part of the application's start.</param>
    /// <param name="prefix">Where to mount, e.g. <c>/health</c>. <value>The default is the root.</value></param>
    /// <returns>The route's convention builder (add authorization, host filters, ...).</returns>
    public static IEndpointConventionBuilder MapHaleEndpoints(this IEndpointRouteBuilder endpoints, HaleEngine engine, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(prefix);
        var handler = engine.CreateHandler();
        var root = prefix.TrimEnd('/');
        return endpoints.Map(root + "/{**hale}", context =>
        {
            // The handler reads the component's name from the request path: hand it the part after the prefix.
            var rest = context.GetRouteValue("hale") as string ?? string.Empty;
            context.Request.PathBase = context.Request.PathBase.Add(new PathString(root.Length == 0 ? string.Empty : root));
            context.Request.Path = new PathString("/" + rest);
            return handler(context);
        });
    }
}
