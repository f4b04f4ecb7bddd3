namespace Hale.Services;

/// <summary>An event a service's state machine reacts to.</summary>
internal abstract record ServiceInput
{
    private ServiceInput()
    {
    }

    /// <summary>Time passed: backoff ends, start windows, stop timeouts and holds are evaluated.</summary>
    public sealed record Tick : ServiceInput;

    /// <summary>The dependencies were evaluated.</summary>
    /// <param name="FirstUnhealthy">The first dependency not healthy (with its detail), or null when all are healthy.</param>
    public sealed record Dependencies(string? FirstUnhealthy) : ServiceInput;

    /// <summary>The instance was started.</summary>
    /// <param name="Pid">Its process id, when known.</param>
    /// <param name="At">
    /// When its program was exec'd (<see cref="Processes.OwnedProcess.ExecutedAt"/>); the start window is measured from here, not
    /// from the decision to start (a start may wait behind many others). Null: the decision's time stands.
    /// </param>
    public sealed record Started(int? Pid, DateTimeOffset? At = null) : ServiceInput;

    /// <summary>The instance could not be started.</summary>
    /// <param name="Error">Why.</param>
    public sealed record StartFailed(string Error) : ServiceInput;

    /// <summary>
    /// The start was withheld before anything ran (<see cref="ServiceDefinition.StartPermit"/> gave <paramref name="Reason"/>):
    /// the service is stopped, the start neither counted nor failed.
    /// </summary>
    public sealed record StartWithheld(string Reason) : ServiceInput;

    /// <summary>The instance exited (or, for a service Hale does not own, stopped being alive).</summary>
    /// <param name="Description">How, e.g. <c>exit 3</c> or <c>killed by SIGKILL</c>.</param>
    /// <param name="At">When it exited, as reaped; a start window is judged by this time, however late it is processed.</param>
    /// <param name="ExitCode">The exit code when the process exited by itself; null otherwise.</param>
    /// <param name="Signal">The name of the signal that killed it (e.g. <c>SIGKILL</c>); null otherwise.</param>
    public sealed record Exited(string Description, DateTimeOffset At, int? ExitCode = null, string? Signal = null) : ServiceInput;

    /// <summary>The readiness check was evaluated.</summary>
    /// <param name="IsReady">Whether it passes.</param>
    /// <param name="Detail">Its detail.</param>
    public sealed record Readiness(bool IsReady, string Detail) : ServiceInput;

    /// <summary>The pid of a running daemon Hale does not own was read again (from its pid file) and differs from the status.</summary>
    /// <param name="Pid">The pid now, or null when the pid file names no live process.</param>
    public sealed record PidChanged(int? Pid) : ServiceInput;

    /// <summary>An operator's command.</summary>
    /// <param name="Command">What is asked.</param>
    public sealed record Operator(ServiceCommand Command) : ServiceInput;
}
