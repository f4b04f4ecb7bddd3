using System.Collections.Frozen;
using Hale.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Dashboard;

/// <summary>
/// <c>GET /</c>: the dashboard, one HTML page with its script and style sheet (<c>/-/dashboard.js</c>, <c>/-/dashboard.css</c>),
/// embedded in this assembly: no CDN, no build step. The page reads <c>/-/status</c>, then follows <c>/-/events</c>.
/// </summary>
/// <remarks>
/// The answers forbid framing (<c>frame-ancestors 'none'</c>, so no other site can overlay its buttons) and any script or
/// style from elsewhere (<c>Content-Security-Policy</c>). Thread-safe; the assets are read once.
/// </remarks>
internal static class DashboardEndpoint
{
    public const string ScriptPath = "-/dashboard.js";
    public const string StylePath = "-/dashboard.css";

    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    /// <summary>The asset served at <paramref name="name"/> (the path without its leading slashes), or null.</summary>
    public static bool Serves(ReadOnlySpan<char> name) =>
        name.IsEmpty || name.SequenceEqual(ScriptPath) || name.SequenceEqual(StylePath);

    public static Task HandleAsync(HttpContext context)
    {
        var name = context.Request.Path.Value?.TrimStart('/') ?? string.Empty;
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return PlainText.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "ERROR");
        }

        var asset = Assets.Value[name];
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return HttpMethods.IsHead(method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Bytes, 0, asset.Bytes.Length);
    }

    private static FrozenDictionary<string, Asset> Load() => new Dictionary<string, Asset>(StringComparer.Ordinal)
    {
        [string.Empty] = Read("index.html", "text/html; charset=utf-8"),
        [ScriptPath] = Read("dashboard.js", "text/javascript; charset=utf-8"),
        [StylePath] = Read("dashboard.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static Asset Read(string file, string contentType)
    {
        using var stream = typeof(DashboardEndpoint).Assembly.GetManifestResourceStream("Hale.Hosting.Dashboard." + file)
            ?? throw new InvalidOperationException($"the dashboard asset {file} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new Asset(copy.ToArray(), contentType);
    }

    private sealed record Asset(byte[] Bytes, string ContentType);
}
