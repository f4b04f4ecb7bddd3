namespace Hale.LoadBalancers;

/// <summary>A configured load balancer (<c>haproxy: NAME: {...}</c>): where its runtime API listens and how Hale paces it.</summary>
/// <remarks>Immutable.</remarks>
public sealed record BalancerDefinition
{
    /// <summary>The default of <see cref="Timeout"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The default of <see cref="DrainTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="ResyncEvery"/>: 500 milliseconds, so that a reload or restart of HAProxy is repaired within a second.</summary>
    public static readonly TimeSpan DefaultResyncEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>The configured name, e.g. <c>main</c>; what bindings refer to.</summary>
    public required string Name { get; init; }

    /// <summary>The runtime API's address as written: <c>tcp://HOST:PORT</c>, <c>tcp://[::1]:PORT</c> or <c>unix:///path</c> (syntax checked only).</summary>
    public required string Socket { get; init; }

    /// <summary>How long one runtime API call may take. <value>The default is 2 seconds.</value></summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>How long a planned stop waits for a drained server's sessions to reach 0. <value>The default is 30 seconds.</value></summary>
    public TimeSpan DrainTimeout { get; init; } = DefaultDrainTimeout;

    /// <summary>How often Hale checks for a reload of the balancer and for drift of server states. <value>The default is 500 milliseconds.</value></summary>
    public TimeSpan ResyncEvery { get; init; } = DefaultResyncEvery;
}
