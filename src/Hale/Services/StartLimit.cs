namespace Hale.Services;

/// <summary>
/// How many automatic starts a service may make within a window before it is put on hold
/// (ha_valet stopped managing a process after 10 starts within 150 s; Hale holds it, then tries again).
/// </summary>
/// <param name="Starts">Starts allowed within <paramref name="Within"/>; at least 1.</param>
/// <param name="Within">The sliding window.</param>
/// <param name="Hold">How long the service is held; null holds it until an operator resets it.</param>
public sealed record StartLimit(int Starts, TimeSpan Within, TimeSpan? Hold)
{
    /// <summary>ha_valet's limit: 10 starts within 150 seconds, then a hold of 5 minutes.</summary>
    public static StartLimit Default { get; } = new(10, TimeSpan.FromSeconds(150), TimeSpan.FromMinutes(5));
}
