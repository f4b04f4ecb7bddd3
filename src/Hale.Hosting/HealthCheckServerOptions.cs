using System.Net;
using Hale.Auth;
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

    /// <summary>The clock for timestamps, rate limiting and checks. <value>The default is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where logs go. <value>The default logs nothing.</value></summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Failed POST authentications allowed per client address within <see cref="AuthFailureWindow"/>, then 429. <value>The default is 5.</value></summary>
    public int AuthFailureLimit { get; init; } = 5;

    /// <summary>The sliding window of <see cref="AuthFailureLimit"/>. <value>The default is 10 seconds.</value></summary>
    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromSeconds(10);

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

    /// <summary>
    /// Whether the server starts and stops the loops of its components' checks (background checks) and logs their
    /// transitions. A <see cref="HaleEngine"/> owns its checks and sets this to false. <value>The default is true.</value>
    /// </summary>
    public bool ManageCheckLifetimes { get; init; } = true;
}
