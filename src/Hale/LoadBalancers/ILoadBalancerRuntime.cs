namespace Hale.LoadBalancers;

/// <summary>
/// The runtime API of a load balancer, as Hale needs it (implemented for HAProxy's stats socket by Hale.HAProxy).
/// Every call has its own timeout; implementations are thread-safe and keep no state between calls.
/// </summary>
public interface ILoadBalancerRuntime
{
    /// <summary>A name for logs, e.g. the configured name <c>main</c>.</summary>
    string Name { get; }

    /// <summary>Sets a server's administrative state (<c>set server B/S state ready|drain|maint</c>).</summary>
    /// <param name="server">The server.</param>
    /// <param name="state">The state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the balancer accepted it.</returns>
    /// <exception cref="LoadBalancerException">The balancer answered an error (its text), or could not be reached (<see cref="LoadBalancerException.Unreachable"/>).</exception>
    Task SetServerStateAsync(ServerAddress server, ServerAdminState state, CancellationToken cancellationToken);

    /// <summary>Every server's state (<c>show servers state [B]</c>).</summary>
    /// <param name="backend">Only this backend, or all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="LoadBalancerException">As <see cref="SetServerStateAsync"/>.</exception>
    Task<IReadOnlyList<ServerStateRow>> ShowServersStateAsync(string? backend, CancellationToken cancellationToken);

    /// <summary>Which balancer process answers (<c>show info</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its pid, uptime and version.</returns>
    /// <exception cref="LoadBalancerException">As <see cref="SetServerStateAsync"/>.</exception>
    Task<BalancerInfo> ShowInfoAsync(CancellationToken cancellationToken);

    /// <summary>A server's current sessions (<c>scur</c> of <c>show stat</c>); null when the server is not listed.</summary>
    /// <param name="server">The server.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    /// <exception cref="LoadBalancerException">As <see cref="SetServerStateAsync"/>.</exception>
    Task<int?> CurrentSessionsAsync(ServerAddress server, CancellationToken cancellationToken);
}
