using Hale.Checks;
using Hale.Processes;
using Microsoft.Extensions.Logging;

namespace Hale.Services;

/// <summary>
/// A service Hale keeps alive: either a child Hale spawns and owns (<see cref="Run"/>), or a daemon it does not own, with
/// start and stop commands and a liveness check (<see cref="StartCommand"/>, <see cref="StopCommand"/>, <see cref="Alive"/>),
/// as ha_valet's and autoheal's services. Immutable once built.
/// </summary>
public sealed record ServiceDefinition
{
    /// <summary>The name; unique per supervisor.</summary>
    public required string Name { get; init; }

    /// <summary>The owned child: its command line or argv, user, group, working directory and environment.</summary>
    public ProcessSpec? Run { get; init; }

    /// <summary>For a daemon Hale does not own: the command that starts it (run through /bin/sh, may return at once).</summary>
    public string? StartCommand { get; init; }

    /// <summary>For a daemon Hale does not own: the command that stops it; null sends nothing (Hale only waits).</summary>
    public string? StopCommand { get; init; }

    /// <summary>For a daemon Hale does not own: whether it is alive (pid file, pname, a check or a test command). Required then.</summary>
    public ICheck? Alive { get; init; }

    /// <summary>
    /// For a daemon Hale does not own: the pid file it writes. Read for the pid shown in its status and signalled by
    /// <see cref="Supervisor.Signal"/>; liveness is still <see cref="Alive"/>'s to decide.
    /// <value>The default is null: the pid is unknown (configuration sets it from <c>alive: { pid_file }</c>).</value>
    /// </summary>
    public string? PidFile { get; init; }

    /// <summary>Readiness: while it fails, a live service is <see cref="ServiceState.Running"/>, not <see cref="ServiceState.Ready"/>.</summary>
    public ICheck? Ready { get; init; }

    /// <summary>What must be healthy before it starts or restarts.</summary>
    public IReadOnlyList<ServiceDependency> DependsOn { get; init; } = [];

    /// <summary>Backoff, start window, reset and start limit. <value>The default is <see cref="RestartPolicy"/>'s defaults.</value></summary>
    public RestartPolicy Restart { get; init; } = new();

    /// <summary>Stop signal and timeout. <value>The default is SIGTERM, then SIGKILL after 10 seconds.</value></summary>
    public StopPolicy Stop { get; init; } = StopPolicy.Default;

    /// <summary>Start order, ascending (ha_valet's <c>order</c>); services stop in the reverse order. <value>The default is 0.</value></summary>
    public int Order { get; init; }

    /// <summary>Whether it starts with Hale. <value>The default is true.</value></summary>
    public bool Autostart { get; init; } = true;

    /// <summary>How often readiness, liveness and dependencies are evaluated. <value>The default is 1 second.</value></summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a start or stop command may run. <value>The default is 30 seconds.</value></summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What to do before a planned stop (an operator's stop or restart, Hale shutting down, a reload removing or changing the
    /// service), e.g. drain its load-balancer servers: awaited by the service's loop after it entered
    /// <see cref="ServiceState.Stopping"/> and before the stop signal or stop command is sent. Never called for a crash.
    /// Bounded by <see cref="BeforeStopTimeout"/> (its token is cancelled then, and the stop proceeds); a failure is logged and
    /// the stop proceeds. The stop timeout (<see cref="StopPolicy.Timeout"/>) starts after it. <value>The default is null (none).</value>
    /// </summary>
    public Func<CancellationToken, Task>? BeforeStop { get; init; }

    /// <summary>How long <see cref="BeforeStop"/> may take. <value>The default is 35 seconds.</value></summary>
    public TimeSpan BeforeStopTimeout { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary>
    /// The level at which a line the owned child writes to stderr is logged (stdout is always <see cref="LogLevel.Information"/>).
    /// <value>The default is <see cref="LogLevel.Information"/>: many programs write ordinary progress to stderr.</value>
    /// </summary>
    public LogLevel StderrLogLevel { get; init; } = LogLevel.Information;

    /// <summary>
    /// What is kept of the owned child's output: the last lines in memory (<c>hale logs</c>) and optional rotated files.
    /// A change is applied to the running service without a restart. <value>The default is <see cref="ServiceLogOptions.Default"/>.</value>
    /// </summary>
    public ServiceLogOptions Log { get; init; } = ServiceLogOptions.Default;

    /// <summary>
    /// Variables added to the environment of each start, read at that start: the owned process's (<see cref="Run"/>), or the
    /// start command's. A failover group sets <c>HALE_FENCING_TOKEN</c> this way. <value>The default is null (none).</value>
    /// </summary>
    /// <remarks>Called on the service's loop; must be fast and must not throw.</remarks>
    public Func<IReadOnlyDictionary<string, string>>? StartEnvironment { get; init; }

    /// <summary>
    /// Asked right before each start (the first and every restart, an operator's included): null lets it proceed; a reason
    /// withholds it, and the service is stopped with <c>start withheld: REASON</c> as its last error — not a failure: no backoff,
    /// not counted against the start limit. A failover group withholds its service's start while this member does not hold a
    /// live lease, so that a restart can never race the demotion of a member that lost its lease.
    /// <value>The default is null (always proceed).</value>
    /// </summary>
    /// <remarks>Called on the service's loop; must be fast and must not throw.</remarks>
    public Func<string?>? StartPermit { get; init; }

    /// <summary>Whether Hale spawns and owns the process.</summary>
    public bool IsOwned => Run is not null;

    /// <summary>The policies its state machine applies.</summary>
    internal ServicePolicies Policies => new(Restart, Stop, Ready is not null);
}
