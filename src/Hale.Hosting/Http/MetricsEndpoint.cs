using Hale.Hosting.Metrics;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// <c>GET /-/metrics</c>, and <c>GET /metrics</c> unless a served component is named <c>metrics</c> (then the component
/// wins: its load balancer keeps working; <see cref="IsShadowed"/>): the Prometheus scrape of the <c>Hale</c> meter, without
/// credentials like the health endpoints (only names of checks, services, actions, balancers and groups, and numbers). Off
/// when <c>http.metrics</c> is false: both paths then fall through (404 unless a component has the name). Other methods than
/// GET are answered 405. Thread-safe.
/// </summary>
internal sealed class MetricsEndpoint(MetricsExporter exporter, Func<bool> enabled, Func<ComponentRoutes> routes)
{
    public const string Name = "metrics";
    public const string ReservedPath = "-/metrics";

    /// <summary>Whether a served component takes <c>/metrics</c> from the scrape endpoint.</summary>
    /// <param name="components">The components served.</param>
    /// <returns>true when one is named <c>metrics</c>.</returns>
    public static bool IsShadowed(IEnumerable<Component> components) => components.Any(c => c.Served && c.Name == Name);

    /// <summary>Serves the scrape paths, hands every other request to <paramref name="next"/>.</summary>
    /// <param name="next">The component endpoint.</param>
    /// <returns>The combined handler.</returns>
    public RequestDelegate Wrap(RequestDelegate next) => context =>
    {
        var path = context.Request.Path.Value.AsSpan().TrimStart('/');
        if (!enabled() || !(path.SequenceEqual(ReservedPath) || (path.SequenceEqual(Name) && !routes().TryGet(Name, out _))))
        {
            return next(context);
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            return PlainText.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "ERROR");
        }

        return exporter.Scrape(context);
    };
}
