using Hale.Checks;

namespace Hale.Processes;

/// <summary>
/// OK iff a pid file names a live process (autoheal's <c>pid_file</c>): <c>/proc/PID</c> exists and the process is not a zombie.
/// A missing file, one that does not hold a pid, or a pid that is not running is FAIL, never an exception.
/// </summary>
/// <remarks>
/// The file is read on every evaluation. A stale pid file whose number now belongs to another program is OK here: give a
/// pattern too (<see cref="PidFileProcessCheck"/>) to guard against that. Thread-safe.
/// </remarks>
internal sealed class PidFileCheck : ICheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="path">The pid file.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or blank.</exception>
    public PidFileCheck(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The pid file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!PidFile.TryRead(Path, out var pid, out var problem))
        {
            return ValueTask.FromResult(CheckResult.Fail(problem));
        }

        return ValueTask.FromResult(ProcessTable.IsAlive(pid)
            ? CheckResult.Ok($"pid {pid} from {Path} is running")
            : CheckResult.Fail($"pid {pid} from {Path} is not running"));
    }
}
