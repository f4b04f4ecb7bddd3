using System.Text.RegularExpressions;
using Hale.Checks;

namespace Hale.Processes;

/// <summary>Builds autoheal's liveness check from its <c>pid_file</c> and <c>pname</c> settings. Thread-safe.</summary>
public static class ProcessLiveness
{
    /// <summary>How long one match of a <c>pname</c> pattern may take before the check is an ERROR.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Chooses the check: pid file only, pattern only, or both (pid alive and its command line matching).</summary>
    /// <param name="pidFile">autoheal's <c>pid_file</c>, or null.</param>
    /// <param name="pname">autoheal's <c>pname</c>: a .NET regular expression searched in full command lines, or null.</param>
    /// <returns>A <see cref="PidFileCheck"/>, a <see cref="ProcessNameCheck"/> or a <see cref="PidFileProcessCheck"/>.</returns>
    /// <exception cref="ArgumentException">Both are null (nothing would ever say the service is dead), one is blank, or <paramref name="pname"/> is not a valid pattern.</exception>
    public static ICheck Create(string? pidFile, string? pname)
    {
        if (pidFile is null && pname is null)
        {
            throw new ArgumentException("give pid_file, pname or both: without either the service could never be seen dead");
        }

        if (pidFile is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(pidFile);
        }

        Regex? pattern = null;
        if (pname is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(pname);
            pattern = new Regex(pname, RegexOptions.CultureInvariant, MatchTimeout);
        }

        return (pidFile, pattern) switch
        {
            ({ } path, { } regex) => new PidFileProcessCheck(path, regex),
            ({ } path, null) => new PidFileCheck(path),
            _ => new ProcessNameCheck(pattern!),
        };
    }
}
