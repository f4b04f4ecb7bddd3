namespace Hale.Hosting.Events;

/// <summary>Limits of <c>GET /-/events</c> (see <see cref="EventStreamEndpoint"/>). Immutable.</summary>
internal sealed record EventStreamOptions
{
    /// <summary>The default <see cref="MaxClients"/>: 32.</summary>
    public const int DefaultMaxClients = 32;

    /// <summary>Streams served at once; more are answered 503. <value>The default is 32.</value></summary>
    public int MaxClients { get; init; } = DefaultMaxClients;

    /// <summary>Events that may wait for one client before it is dropped. <value>The default is 256.</value></summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>How often a comment line is sent to keep an idle stream open. <value>The default is 15 seconds.</value></summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);
}
