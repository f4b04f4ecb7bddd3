using System.Net;
using Hale.Auth;
using Hale.Config;
using Hale.LoadBalancers;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting;

/// <summary>Options of a <see cref="HealthCheckServer"/>.</summary>
public sealed class HealthCheckServerOptions
{
    /// <summary>
    /// Where to listen. Port 0 picks a free port (see <see cref="HealthCheckServer.BoundEndPoints"/>).
    /// <value>The default is 127.0.0.1:8080; anything wider than loopback is explicit configuration.</value>
    /// </summary>
    public IList<IPEndPoint> Listen { get; init; } = [new IPEndPoint(IPAddress.Loopback, 8080)];

    /// <summary>
    /// Connection cap, header size and timeouts of the TCP listeners (the control socket is not capped).
    /// <value>The default is <see cref="HttpLimits"/>' defaults: 1024 connections, 16 KiB of headers, 10 s to send them, 30 s idle.</value>
    /// </summary>
    public HttpLimits Limits { get; init; } = new();

    /// <summary>The clock for timestamps, rate limiting and checks. <value>The default is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where logs go. <value>The default logs nothing.</value></summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Limits on credential checks: the verifier pool (<see cref="AuthLimits.VerifyThreads"/>, <see cref="AuthLimits.VerifyQueue"/>),
    /// the per-client and global failure budgets. Its htpasswd limits apply to the <see cref="HtpasswdFile"/>s given, not here.
    /// <value>The default is <see cref="AuthLimits.Default"/>.</value>
    /// </summary>
    public AuthLimits AuthLimits { get; init; } = AuthLimits.Default;

    /// <summary>The supervised services: listed by <c>GET /-/status</c> and controlled by <c>POST /-/services/NAME/COMMAND</c>. <value>The default is none.</value></summary>
    public Supervisor? Services { get; init; }

    /// <summary>
    /// Who may control services over TCP (HTTP Basic against an htpasswd file). Null refuses service control over TCP
    /// (403); the control socket needs no credentials. <value>The default is null.</value>
    /// </summary>
    public ICredentialVerifier? ControlAuth { get; init; }

    /// <summary>
    /// A Unix socket serving the same HTTP API to local tools (<c>hale ctl</c>, <c>hale status</c>) without credentials; access is
    /// by file permission: it is bound inside a fresh directory of mode 0700 beside this path, made 0600, then renamed to
    /// this path, so that no other user can connect at any moment whatever the umask. <value>The default is none.</value>
    /// </summary>
    public string? ControlSocketPath { get; init; }

    /// <summary>For tests: called with the path the control socket is about to be bound at (inside its private directory).</summary>
    internal Action<string>? BeforeControlSocketBind { get; init; }

    /// <summary>The HAProxy reconcilers' state, listed by <c>GET /-/status</c> under <c>load_balancers</c>. <value>The default is none.</value></summary>
    public Func<IReadOnlyList<LoadBalancerSnapshot>>? LoadBalancers { get; init; }

    /// <summary>The failover groups' state, listed by <c>GET /-/status</c> under <c>groups</c>. <value>The default is none.</value></summary>
    internal Func<IReadOnlyList<Status.GroupStatus>>? Groups { get; init; }

    /// <summary>The Prometheus export served at <c>GET /-/metrics</c> and <c>GET /metrics</c> (see <see cref="Http.MetricsEndpoint"/>). <value>The default is none.</value></summary>
    internal Metrics.MetricsExporter? Metrics { get; init; }

    /// <summary>Whether <see cref="Metrics"/> is served now (<c>http.metrics</c>, read at each request). <value>The default is always.</value></summary>
    internal Func<bool> MetricsEnabled { get; init; } = () => true;

    /// <summary>The actions' runners, explained by <c>GET /-/explain/NAME</c>. <value>The default is none.</value></summary>
    internal Func<IReadOnlyList<Actions.ActionRunner>>? Actions { get; init; }

    /// <summary>What drives each load balancer's servers, for <c>GET /-/explain/BACKEND/SERVER</c>. <value>The default is none.</value></summary>
    internal Func<IReadOnlyList<LoadBalancerBinding>>? LoadBalancerBindings { get; init; }

    /// <summary>
    /// The journal of transitions <c>GET /-/events</c> streams. <value>The default, null, is a journal of this server's own
    /// components' check transitions (<see cref="Events.TransitionJournal.DefaultCapacity"/> events).</value>
    /// </summary>
    internal Events.TransitionJournal? Events { get; init; }

    /// <summary>The limits of <c>GET /-/events</c>. <value>The default is 32 streams, 256 events queued per client, a keep-alive every 15 s.</value></summary>
    internal Events.EventStreamOptions EventStreams { get; init; } = new();

    /// <summary>
    /// Whether the server starts and stops the loops of its components' checks (background checks) and logs their
    /// transitions. A <see cref="HaleEngine"/> owns its checks and sets this to false. <value>The default is true.</value>
    /// </summary>
    public bool ManageCheckLifetimes { get; init; } = true;
}
