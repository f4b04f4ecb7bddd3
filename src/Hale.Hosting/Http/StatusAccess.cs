using Hale.Auth;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Http;

/// <summary>
/// Which view of <c>GET /-/status</c> a request gets (see <see cref="StatusDocument"/>): the full one over the control socket
/// or with valid <c>http.auth</c> credentials (HTTP Basic, rate limited like service control); the public one without
/// credentials, or when <c>http.auth</c> is not configured. Wrong credentials are answered 401 (or 429). <c>?login</c> without
/// credentials is answered 401 with <c>WWW-Authenticate: Basic</c> when <c>http.auth</c> is configured, so that a browser asks
/// for them (the dashboard's "sign in"); browsers then send them with every request under <c>/-/</c>. Thread-safe.
/// </summary>
internal sealed class StatusAccess(ICredentialVerifier? auth, BasicAuthGate gate)
{
    /// <summary>Decides the view; when refused, the answer has been written.</summary>
    /// <param name="context">The request.</param>
    /// <returns>true: the full view; false: the public one; null: refused (answered).</returns>
    public async Task<bool?> FullViewAsync(HttpContext context)
    {
        if (ServiceControl.IsControlSocket(context))
        {
            return true;
        }

        if (auth is null || (string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString()) && !context.Request.Query.ContainsKey("login")))
        {
            return false;
        }

        return await gate.AuthorizeAsync(context, ComponentEndpoint.StatusPath, auth) is null ? null : true;
    }
}
