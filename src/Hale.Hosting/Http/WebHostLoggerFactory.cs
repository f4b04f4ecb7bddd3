using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Hosting.Http;

/// <summary>
/// Hale's logger factory as the web host sees it, without ASP.NET Core's per-request diagnostics
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>: "Request starting/finished").
/// </summary>
/// <remarks>
/// Hale never shows those lines, but while that category's logger is enabled at any level the host starts an
/// <see cref="System.Diagnostics.Activity"/> and a log scope for every request (a trace id formatted in hex each time):
/// 8 % of the health endpoint's CPU under load, measured by bench/http-throughput.sh. Every other category goes to Hale's
/// factory. Does not own the inner factory (disposing this does nothing). Thread-safe.
/// </remarks>
internal sealed class WebHostLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The category of ASP.NET Core's per-request lines.</summary>
    internal const string RequestDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == RequestDiagnostics ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // Hale's factory outlives the web host.
    }
}
