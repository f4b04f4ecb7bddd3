using System.Text.RegularExpressions;
using Hale.Checks;

namespace Hale.Processes;

/// <summary>
/// OK iff some live process's full command line matches a pattern (autoheal's <c>pname</c>, a search as Python's
/// <c>re.search</c>); Hale's own process never counts, nor a child of Hale between its fork and its exec, which shows Hale's
/// command line (with <c>hale run -c /etc/hale/myapp.yaml</c>, a pattern <c>myapp</c> must not find the fork of a command Hale
/// is starting).
/// </summary>
/// <remarks>Scans <c>/proc</c> on every evaluation. A pattern that passes its match timeout is an ERROR. Thread-safe.</remarks>
internal sealed class ProcessNameCheck : ICheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="pattern">Matched against each command line (arguments separated by single spaces).</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public ProcessNameCheck(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
    }

    /// <summary>The pattern.</summary>
    public Regex Pattern { get; }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = ProcessTable.FindByCommandLine(Pattern);
        return ValueTask.FromResult(found.Count switch
        {
            0 => CheckResult.Fail($"no process matches '{Pattern}'"),
            1 => CheckResult.Ok($"pid {found[0]} matches '{Pattern}'"),
            _ => CheckResult.Ok($"{found.Count} processes match '{Pattern}' (pids {string.Join(", ", found.Take(5))}{(found.Count > 5 ? ", …" : string.Empty)})"),
        });
    }
}
