namespace Hale.LoadBalancers;

/// <summary>A <see cref="LoadBalancerReconciler"/>'s state at one moment. Immutable.</summary>
/// <param name="Name">The balancer's name.</param>
/// <param name="Info">The balancer process last seen by <c>show info</c>; null before the first answer.</param>
/// <param name="Reachable">Whether the last call reached it.</param>
/// <param name="NextRetryAt">When the next attempt after a failure is due (UTC); null when not backing off.</param>
/// <param name="Servers">Each server's desired and applied state, ordered by backend and server.</param>
public sealed record LoadBalancerSnapshot(
    string Name,
    BalancerInfo? Info,
    bool Reachable,
    DateTimeOffset? NextRetryAt,
    IReadOnlyList<ServerReconcileStatus> Servers);
