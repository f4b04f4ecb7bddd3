using Hale.Checks;

namespace Hale.Services;

/// <summary>
/// A service seen as a check (<c>service: NAME</c>, a service's name in an action's <c>when</c> or in <c>depends_on</c>):
/// OK while the service is <see cref="ServiceState.Ready"/>, FAIL otherwise or when no supervisor runs it. Never probes:
/// it reads the supervisor's status. Thread-safe.
/// </summary>
public sealed class ServiceHealthCheck : ICheck
{
    private readonly Func<string, ServiceStatus?> _lookup;

    /// <summary>Creates the check.</summary>
    /// <param name="lookup">The status of a service by name (e.g. <see cref="Supervisor.GetStatus"/>); null when unknown.</param>
    /// <param name="service">The service's name.</param>
    public ServiceHealthCheck(Func<string, ServiceStatus?> lookup, string service)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentException.ThrowIfNullOrEmpty(service);
        _lookup = lookup;
        Service = service;
    }

    /// <summary>The service's name.</summary>
    public string Service { get; }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var status = _lookup(Service);
        var result = status switch
        {
            null => CheckResult.Fail($"service {Service} is not running under this Hale"),
            { IsHealthy: true } => CheckResult.Ok($"{Service} is ready (pid {status.Pid})"),
            _ => CheckResult.Fail($"{Service} is {status.State.ToString().ToLowerInvariant()}" + (status.LastError is { } e ? $": {e}" : string.Empty)),
        };
        return ValueTask.FromResult(result);
    }
}
