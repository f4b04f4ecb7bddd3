namespace Hale.Processes;

/// <summary>How a command run by <see cref="ShellCommand"/> ended.</summary>
/// <param name="ExitCode">The exit code, or null when the command did not exit by itself (timed out, or could not start).</param>
/// <param name="TimedOut">Whether the timeout passed and the process group was killed.</param>
/// <param name="Output">The last few KiB of stdout and stderr together, trimmed.</param>
/// <param name="Duration">From start to end.</param>
/// <param name="StartError">Why the command could not be started, if it could not.</param>
public sealed record CommandOutcome(int? ExitCode, bool TimedOut, string Output, TimeSpan Duration, string? StartError = null)
{
    /// <summary>Whether the command exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>A one-line description for logs: the exit code or the reason and the first output line.</summary>
    public string Describe()
    {
        var firstLine = Output.Split('\n', 2)[0].Trim();
        var what = StartError is not null ? $"could not start: {StartError}"
            : TimedOut ? $"timed out after {Duration.TotalMilliseconds:0} ms"
            : $"exit {ExitCode}";
        return firstLine.Length == 0 ? what : $"{what}: {firstLine}";
    }
}
