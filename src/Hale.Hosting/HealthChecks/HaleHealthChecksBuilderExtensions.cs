using Hale.Checks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hale.Hosting.HealthChecks;

/// <summary>Registers Hale checks with ASP.NET Core's health checks.</summary>
public static class HaleHealthChecksBuilderExtensions
{
    /// <summary>Adds a Hale check as a health check named <paramref name="name"/> (see <see cref="HaleHealthCheck"/>).</summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The registration's name.</param>
    /// <param name="check">The Hale check.</param>
    /// <param name="failureStatus">What FAIL and ERROR report. <value>The default is <see cref="HealthStatus.Unhealthy"/>.</value></param>
    /// <param name="tags">Tags to filter on in <c>MapHealthChecks</c>; none when null.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddHaleCheck(
        this IHealthChecksBuilder builder, string name, ICheck check, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(check);
        return builder.Add(new HealthCheckRegistration(name, new HaleHealthCheck(check), failureStatus, tags));
    }
}
