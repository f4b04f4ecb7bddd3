using Hale.Checks;
using Hale.Services;

namespace Hale.LoadBalancers;

/// <summary>
/// The server state a load balancer should give a server bound to a service or a check, as supervisor-haproxy maps
/// supervisord's process states: traffic only while healthy, drain during a planned stop, maint otherwise.
/// </summary>
/// <remarks>Pure; thread-safe.</remarks>
internal static class ServerStateMapping
{
    /// <summary>The desired state for a service's state.</summary>
    /// <param name="state">The service's state.</param>
    /// <returns><see cref="ServerAdminState.Ready"/> when <see cref="ServiceState.Ready"/>, <see cref="ServerAdminState.Drain"/> while
    /// <see cref="ServiceState.Stopping"/>, and <see cref="ServerAdminState.Maint"/> for every other state (stopped, starting,
    /// running but not ready, backing off, exited, held).</returns>
    public static ServerAdminState ForService(ServiceState state) => state switch
    {
        ServiceState.Ready => ServerAdminState.Ready,
        ServiceState.Stopping => ServerAdminState.Drain,
        _ => ServerAdminState.Maint,
    };

    /// <summary>The desired state for a check's status.</summary>
    /// <param name="status">The check's status.</param>
    /// <returns><see cref="ServerAdminState.Ready"/> when OK, else <see cref="ServerAdminState.Maint"/> (FAIL or ERROR).</returns>
    public static ServerAdminState ForCheck(CheckStatus status) =>
        status == CheckStatus.Ok ? ServerAdminState.Ready : ServerAdminState.Maint;
}
