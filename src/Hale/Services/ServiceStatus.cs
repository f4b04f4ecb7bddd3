using System.Collections.Immutable;
using Hale.Processes;

namespace Hale.Services;

/// <summary>
/// Everything known of one service at one moment: its state, and what the state machine needs to decide the next one.
/// Immutable; produced by <see cref="ServiceStateMachine"/>.
/// </summary>
public sealed record ServiceStatus
{
    /// <summary>The service's name.</summary>
    public required string Name { get; init; }

    /// <summary>The state.</summary>
    public ServiceState State { get; init; } = ServiceState.Stopped;

    /// <summary>When <see cref="State"/> was entered (UTC).</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>Whether it should be running (false after an operator's stop, or while Hale shuts down).</summary>
    public bool Wanted { get; init; } = true;

    /// <summary>The process id of the running instance, when known.</summary>
    public int? Pid { get; init; }

    /// <summary>When the current or last instance was started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Automatic restarts (after a crash or failed start) since Hale started or the last reset.</summary>
    public int Restarts { get; init; }

    /// <summary>Consecutive failed starts or crashes; drives the backoff delay.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Starts within the start limit's window, oldest first.</summary>
    public ImmutableQueue<DateTimeOffset> RecentStarts { get; init; } = [];

    /// <summary>The dependency a start waits for, or null.</summary>
    public string? WaitingFor { get; init; }

    /// <summary>Since when it waits for <see cref="WaitingFor"/>.</summary>
    public DateTimeOffset? WaitingSince { get; init; }

    /// <summary>The earliest time of the next start (end of the backoff delay), or null.</summary>
    public DateTimeOffset? NextStartAt { get; init; }

    /// <summary>When a hold ends (state <see cref="ServiceState.Fatal"/>); null while not held, or held until a reset.</summary>
    public DateTimeOffset? HeldUntil { get; init; }

    /// <summary>When a stop escalates to SIGKILL.</summary>
    public DateTimeOffset? KillAt { get; init; }

    /// <summary>Start again as soon as the stop completes (an operator's restart).</summary>
    public bool RestartAfterStop { get; init; }

    /// <summary>The last error: why a start failed, how it exited, why it is held.</summary>
    public string? LastError { get; init; }

    /// <summary>How and when the last instance ended (a crash, a failed start or a stop); null before the first exit.</summary>
    public ServiceExit? LastExit { get; init; }

    /// <summary>
    /// The last lines (at most <see cref="RecentOutputLines"/>) the service's children wrote to stdout and stderr, oldest first,
    /// across restarts. Filled in when the status is read from a <see cref="Supervisor"/> (and in its events); the state machine
    /// leaves it as it is. An unchanged tail is the same list instance.
    /// </summary>
    public IReadOnlyList<OutputLine> RecentOutput { get; init; } = [];

    /// <summary>How many output lines <see cref="RecentOutput"/> keeps: 20.</summary>
    public const int RecentOutputLines = 20;

    /// <summary>Whether an instance is alive (starting, running, ready or stopping).</summary>
    public bool HasInstance => State is ServiceState.Starting or ServiceState.Running or ServiceState.Ready or ServiceState.Stopping;

    /// <summary>Whether it counts as healthy for dependents and actions: <see cref="ServiceState.Ready"/>.</summary>
    public bool IsHealthy => State == ServiceState.Ready;

    /// <summary>The initial status of a service before anything happened.</summary>
    /// <param name="name">The name.</param>
    /// <param name="now">The current time.</param>
    /// <param name="autostart">Whether it should start by itself.</param>
    /// <returns>The status.</returns>
    public static ServiceStatus Initial(string name, DateTimeOffset now, bool autostart = true) =>
        new() { Name = name, Since = now, Wanted = autostart };
}
