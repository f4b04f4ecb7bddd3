using Hale.Processes;

namespace Hale.Failover;

/// <summary>The latest probe of one member: ha_valet's exit-code priority, mapped once.</summary>
/// <param name="Kind">What the test command said.</param>
/// <param name="Priority">The instance's priority (1..254, lower wins) when <see cref="Kind"/> is <see cref="ValetProbeKind.Up"/>; else null.</param>
/// <param name="Detail">A short description for logs and reasons.</param>
internal sealed record ValetProbeResult(ValetProbeKind Kind, int? Priority, string Detail)
{
    /// <summary>A member that has not been probed yet.</summary>
    public static ValetProbeResult NotProbed { get; } = new(ValetProbeKind.Failed, null, "not probed");

    /// <summary>Whether the instance is up.</summary>
    public bool IsUp => Kind == ValetProbeKind.Up;

    /// <summary>An up instance with priority <paramref name="priority"/>.</summary>
    /// <param name="priority">1..254.</param>
    /// <returns>The result.</returns>
    public static ValetProbeResult Up(int priority) => FromExitCode(priority, timedOut: false);

    /// <summary>Maps a test command's ending: 1..254 up with that priority; 0, 255, a timeout, no exit code or a code outside 0..255 down.</summary>
    /// <param name="exitCode">The exit code, or null when the command did not exit by itself.</param>
    /// <param name="timedOut">Whether the command timed out.</param>
    /// <param name="detail">What to say about it, or null for the default.</param>
    /// <returns>The result.</returns>
    public static ValetProbeResult FromExitCode(int? exitCode, bool timedOut, string? detail = null) => (exitCode, timedOut) switch
    {
        (_, true) => new(ValetProbeKind.TimedOut, null, detail ?? "timed out"),
        (0, _) => new(ValetProbeKind.Down, null, detail ?? "exit 0 (down)"),
        (255, _) => new(ValetProbeKind.Unreachable, null, detail ?? "exit 255 (unreachable)"),
        ( >= 1 and <= 254, _) => new(ValetProbeKind.Up, exitCode, detail ?? $"exit {exitCode} (up, priority {exitCode})"),
        (null, _) => new(ValetProbeKind.Failed, null, detail ?? "no exit code"),
        _ => new(ValetProbeKind.Failed, null, detail ?? $"exit {exitCode} (not a priority)"),
    };

    /// <summary>Maps the outcome of a test command run by <see cref="ShellCommand"/>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The result; its detail is <see cref="CommandOutcome.Describe"/>.</returns>
    public static ValetProbeResult FromOutcome(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return FromExitCode(outcome.StartError is null ? outcome.ExitCode : null, outcome.TimedOut, outcome.Describe());
    }
}
