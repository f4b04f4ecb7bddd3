using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Hosting.Http;

/// <summary>
/// Cross-site request protection for every state-changing request (service control, fail-back POSTs, the dashboard's
/// buttons): a request is refused (403) when its <c>Sec-Fetch-Site</c> is <c>cross-site</c> or <c>same-site</c>, or when it
/// has an <c>Origin</c> that is not the request's own scheme, host and port. A request with neither header (curl, HAProxy,
/// scripts, failover's fail-back) passes: browsers send at least one of them with every cross-origin POST.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class CrossSiteGuard
{
    private static readonly byte[] RefusedBody = "cross-site request refused"u8.ToArray();

    /// <summary>Whether a browser sent <paramref name="request"/> on behalf of another site.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length != 0 && !IsSameOrigin(origin, request);
    }

    /// <summary>Answers 403 to a request <see cref="IsCrossSite"/> found cross-site, and logs it.</summary>
    public static Task RefuseAsync(HttpContext context, ILogger logger)
    {
        var request = context.Request;
        Log.CrossSiteRefused(
            logger,
            request.Method,
            SafeText.Escape(request.Path.Value?.TrimStart('/')),
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            SafeText.Escape(request.Headers.Origin.ToString()),
            SafeText.Escape(request.Headers["Sec-Fetch-Site"].ToString()));
        return PlainText.WriteAsync(context, StatusCodes.Status403Forbidden, RefusedBody);
    }

    private static bool IsSameOrigin(string origin, HttpRequest request)
    {
        // "null" (an opaque origin: a sandboxed frame, a file:// page) matches nothing.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        var host = request.Host;
        if (!host.HasValue || !string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var requestPort = host.Port ?? (request.IsHttps ? 443 : 80);
        return uri.Port == requestPort && string.Equals(uri.IdnHost, HostName(host.Host), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The host without IPv6 brackets, as <see cref="Uri.IdnHost"/> gives it.</summary>
    private static string HostName(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}
