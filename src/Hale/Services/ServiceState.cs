namespace Hale.Services;

/// <summary>
/// The state of a supervised service, in supervisord's words so that operators and supervisor-haproxy mappings fit.
/// </summary>
public enum ServiceState
{
    /// <summary>Not running and not being started: stopped by an operator, or not started yet (see <see cref="ServiceStatus.WaitingFor"/>).</summary>
    Stopped,

    /// <summary>Started; its start window has not passed yet. An exit now is a failed start.</summary>
    Starting,

    /// <summary>Alive past its start window; its readiness check does not pass (yet).</summary>
    Running,

    /// <summary>Alive and its readiness check passes (or it has none).</summary>
    Ready,

    /// <summary>A start failed or it crashed; the next start waits for the backoff delay (see <see cref="ServiceStatus.NextStartAt"/>).</summary>
    Backoff,

    /// <summary>Being stopped: the stop signal or command was sent, and it has not exited yet.</summary>
    Stopping,

    /// <summary>It exited and will be started again (at once, or when its dependencies are healthy).</summary>
    Exited,

    /// <summary>On hold after too many starts in the window (ha_valet's flapping limit) until <see cref="ServiceStatus.HeldUntil"/> or an operator's reset.</summary>
    Fatal,
}
