using Hale.Checks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hale.Hosting.HealthChecks;

/// <summary>
/// A Hale check as an ASP.NET Core health check (<see cref="IHealthCheck"/>), for <c>AddHealthChecks()</c> and
/// <c>MapHealthChecks</c>: OK is <see cref="HealthStatus.Healthy"/>; FAIL and ERROR are the registration's failure status
/// (<see cref="HealthStatus.Unhealthy"/> unless registered otherwise). The check's detail is the description; its priority,
/// when it has one, is in the data as <c>priority</c>. Thread-safe when the check is.
/// </summary>
public sealed class HaleHealthCheck : IHealthCheck
{
    private readonly ICheck _check;

    /// <summary>Wraps <paramref name="check"/>.</summary>
    /// <param name="check">The check; a <see cref="NamedCheck"/> that Hale schedules answers its last result without probing.</param>
    public HaleHealthCheck(ICheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        _check = check;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await SafeCheck.EvaluateAsync(_check, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object> { ["status"] = result.Status.ToString().ToUpperInvariant() };
        if (result.Priority is { } priority)
        {
            data["priority"] = priority;
        }

        return result.IsOk
            ? HealthCheckResult.Healthy(result.Detail, data)
            : new HealthCheckResult(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy, result.Detail, data: data);
    }
}
