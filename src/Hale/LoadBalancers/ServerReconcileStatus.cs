namespace Hale.LoadBalancers;

/// <summary>What a <see cref="LoadBalancerReconciler"/> knows of one server, for status pages. Immutable.</summary>
/// <param name="Server">The server.</param>
/// <param name="Desired">The state Hale wants it in.</param>
/// <param name="LastApplied">The state the balancer last accepted from Hale; null before the first success, or after a reload or drift made it unknown.</param>
/// <param name="LastAppliedAt">When the balancer last accepted a state (UTC).</param>
/// <param name="LastError">The last error applying it (the balancer's answer, or why it could not be reached); null after a success.</param>
public sealed record ServerReconcileStatus(
    ServerAddress Server,
    ServerAdminState Desired,
    ServerAdminState? LastApplied,
    DateTimeOffset? LastAppliedAt,
    string? LastError);
