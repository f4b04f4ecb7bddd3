namespace Hale.Services;

/// <summary>How and when an instance of a service last ended (a crash, a failed start, or a planned stop).</summary>
/// <param name="At">When the exit was seen (UTC wall time, for display).</param>
/// <param name="ExitCode">The exit code (0..255) when the process exited by itself; null when a signal killed it, or for a daemon Hale does not own.</param>
/// <param name="Signal">The name of the signal that killed it (e.g. <c>SIGKILL</c>); null otherwise.</param>
/// <param name="Description">One line, e.g. <c>exit 3</c>, <c>killed by SIGKILL</c> or <c>not alive: no pid file</c>.</param>
public sealed record ServiceExit(DateTimeOffset At, int? ExitCode, string? Signal, string Description);
