namespace Hale.Failover;

/// <summary>The outcome of <see cref="ICoordinationStore.TryAcquireAsync"/>.</summary>
/// <param name="Acquired">True when this call created the key.</param>
/// <param name="Holder">The key as it is now: this member's when acquired, another's when not; null when it vanished in between.</param>
public sealed record LeaderClaim(bool Acquired, CoordinationEntry? Holder);
