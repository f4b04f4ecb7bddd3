using Hale.LoadBalancers;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting;

/// <summary>How a <see cref="HaleEngine"/> is hosted: logging, the clock, HTTP and load-balancer connections.</summary>
public sealed class HaleEngineOptions
{
    /// <summary>Where the engine logs (categories <c>Hale</c>, <c>Hale.Services</c>, <c>Hale.Checks</c>, ...). <value>The default is null: no logging.</value></summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// The clock of every check, service and action. <value>The default is <see cref="MonotonicTimeProvider.System"/>: deadlines
    /// never move with a step of the system clock.</value>
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = MonotonicTimeProvider.System;

    /// <summary>
    /// Whether the engine listens on the configuration's <c>http.listen</c> addresses and its control socket
    /// (<c>STATE_DIR/hale.sock</c>). Set it to false to serve Hale's endpoints only inside your own ASP.NET Core application
    /// (<see cref="HaleEndpointRouteBuilderExtensions.MapHaleEndpoints"/>). <value>The default is true.</value>
    /// </summary>
    public bool ServeHttp { get; init; } = true;

    /// <summary>
    /// Connects to a load balancer's runtime API; called once per balancer when the engine is built and when a reload changes
    /// <c>haproxy:</c>. <value>The default is null: HAProxy's runtime API over its stats socket (Hale.HAProxy).</value>
    /// </summary>
    public Func<BalancerDefinition, ILoadBalancerRuntime>? ConnectLoadBalancer { get; init; }

    /// <summary>
    /// How many transitions (of checks, services, actions, HAProxy servers and failover groups) the engine keeps for
    /// <c>GET /-/events</c>: a client that reconnects with <c>Last-Event-ID</c> gets those it missed if they are still kept.
    /// <value>The default is 1000; the range is 1..1,000,000.</value>
    /// </summary>
    public int EventHistory { get; init; } = Events.TransitionJournal.DefaultCapacity;

    /// <summary>
    /// How many <c>GET /-/events</c> streams (the dashboard's, or any other client's) are served at once; more are answered 503.
    /// Each also counts against <c>http.max_connections</c>. <value>The default is 32; at least 1.</value>
    /// </summary>
    public int MaxEventStreams { get; init; } = Events.EventStreamOptions.DefaultMaxClients;

    /// <summary>
    /// Creates the coordination store client for the <c>etcd:</c> settings of <c>coordinator: etcd</c> groups (one per engine,
    /// made again when the settings change). <value>The default, null, connects to etcd (<c>Hale.Etcd</c>).</value>
    /// </summary>
    internal Func<Hale.Failover.Election.CoordinationSettings, Hale.Failover.ICoordinationStore>? ConnectCoordinationStore { get; init; }
}
