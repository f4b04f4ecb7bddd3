using System.Text.RegularExpressions;
using Hale.Checks;

namespace Hale.Processes;

/// <summary>
/// OK iff a pid file names a live process <em>and</em> that process's command line matches a pattern (autoheal with both
/// <c>pid_file</c> and <c>pname</c>). This guards against pid reuse: a stale pid file whose number now belongs to another
/// program is FAIL.
/// </summary>
/// <remarks>Never throws for a dead or foreign target; a pattern that passes its match timeout is an ERROR. Thread-safe.</remarks>
internal sealed class PidFileProcessCheck : ICheck
{
    private const int MaxShownChars = 120;

    /// <summary>Creates the check.</summary>
    /// <param name="path">The pid file.</param>
    /// <param name="pattern">Searched in the process's command line.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public PidFileProcessCheck(string path, Regex pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(pattern);
        Path = path;
        Pattern = pattern;
    }

    /// <summary>The pid file.</summary>
    public string Path { get; }

    /// <summary>The pattern.</summary>
    public Regex Pattern { get; }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Evaluate());
    }

    private CheckResult Evaluate()
    {
        if (!PidFile.TryRead(Path, out var pid, out var problem))
        {
            return CheckResult.Fail(problem);
        }

        var commandLine = ProcessTable.CommandLine(pid);
        if (commandLine is null || !ProcessTable.IsAlive(pid))
        {
            return CheckResult.Fail($"pid {pid} from {Path} is not running");
        }

        if (!Pattern.IsMatch(commandLine))
        {
            var shown = commandLine.Length > MaxShownChars ? commandLine[..MaxShownChars] + "…" : commandLine;
            return CheckResult.Fail($"pid {pid} from {Path} is another program: '{shown}' does not match '{Pattern}'");
        }

        return CheckResult.Ok($"pid {pid} from {Path} is running and matches '{Pattern}'");
    }
}
