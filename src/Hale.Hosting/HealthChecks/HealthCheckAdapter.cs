using Hale.Checks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hale.Hosting.HealthChecks;

/// <summary>
/// An ASP.NET Core health check (<see cref="IHealthCheck"/>, e.g. one of the AspNetCore.Diagnostics.HealthChecks
/// packages) as a Hale check, to serve it to load balancers, combine it with <c>hysteresis</c>, <c>all</c> or <c>toggle</c>,
/// or make a service depend on it. <see cref="HealthStatus.Healthy"/> is OK; <see cref="HealthStatus.Degraded"/> is OK
/// unless <see cref="DegradedIsHealthy"/> is false (a degraded instance still serves); <see cref="HealthStatus.Unhealthy"/>
/// is FAIL; an exception is ERROR. Bounded by <see cref="Timeout"/>. Thread-safe when the health check is.
/// </summary>
public sealed class HealthCheckAdapter : ICheck
{
    private readonly IHealthCheck _healthCheck;
    private readonly HealthCheckRegistration _registration;
    private readonly TimeProvider _time;

    /// <summary>Wraps <paramref name="healthCheck"/>.</summary>
    /// <param name="name">The name given to the health check's registration (its <see cref="HealthCheckContext"/>).</param>
    /// <param name="healthCheck">The health check.</param>
    /// <param name="timeout">How long one evaluation may take before it is cancelled and counts as FAIL; greater than zero. <value>The default is 10 seconds.</value></param>
    /// <param name="timeProvider">The clock of the timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public HealthCheckAdapter(string name, IHealthCheck healthCheck, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(healthCheck);
        Timeout = timeout ?? TimeSpan.FromSeconds(10);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        _healthCheck = healthCheck;
        _time = timeProvider ?? TimeProvider.System;
        _registration = new HealthCheckRegistration(name, healthCheck, HealthStatus.Unhealthy, tags: null) { Timeout = Timeout };
    }

    /// <summary>How long one evaluation may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether <see cref="HealthStatus.Degraded"/> counts as OK. <value>The default is true.</value></summary>
    public bool DegradedIsHealthy { get; init; } = true;

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HealthCheckResult result;
        try
        {
            result = await _healthCheck.CheckHealthAsync(new HealthCheckContext { Registration = _registration }, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CheckResult.Fail($"{_registration.Name}: no answer within {Timeout.TotalSeconds:0.###} s");
        }

        var detail = result.Description ?? result.Exception?.Message ?? result.Status.ToString();
        return result.Status switch
        {
            HealthStatus.Healthy => CheckResult.Ok(detail),
            HealthStatus.Degraded when DegradedIsHealthy => CheckResult.Ok($"degraded: {detail}"),
            _ when result.Exception is not null => CheckResult.Error(detail),
            _ => CheckResult.Fail(detail),
        };
    }
}
