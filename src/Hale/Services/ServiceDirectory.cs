using Hale.Checks;

namespace Hale.Services;

/// <summary>
/// Lets checks, actions and dependencies built from configuration refer to services by name before the <see cref="Supervisor"/>
/// that runs them exists; the host attaches the supervisor once it is built (and again after a reload). Thread-safe.
/// </summary>
public sealed class ServiceDirectory
{
    private Func<string, ServiceStatus?>? _lookup;

    /// <summary>Makes references resolve against <paramref name="supervisor"/>.</summary>
    /// <param name="supervisor">The supervisor running the services.</param>
    public void Attach(Supervisor supervisor)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        Attach(supervisor.GetStatus);
    }

    /// <summary>Makes references resolve through <paramref name="lookup"/> (e.g. the results of a one-shot pass).</summary>
    /// <param name="lookup">The status of a service by name; null when unknown.</param>
    public void Attach(Func<string, ServiceStatus?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        Volatile.Write(ref _lookup, lookup);
    }

    /// <summary>The status of <paramref name="service"/>; null when unknown or nothing is attached yet.</summary>
    /// <param name="service">The name.</param>
    /// <returns>The status.</returns>
    public ServiceStatus? Get(string service) => Volatile.Read(ref _lookup)?.Invoke(service);

    /// <summary>A check that is OK while <paramref name="service"/> is <see cref="ServiceState.Ready"/>.</summary>
    /// <param name="service">The name.</param>
    /// <returns>The check.</returns>
    public ICheck ReadyCheck(string service) => new ServiceHealthCheck(Get, service);
}
