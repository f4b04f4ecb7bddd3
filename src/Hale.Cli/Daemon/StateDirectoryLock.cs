namespace Hale.Cli.Daemon;

/// <summary>
/// One Hale per state directory: <c>hale run</c> holds an exclusive lock on <c>STATE_DIR/hale.lock</c> (a
/// <see cref="PidFileLock"/> holding its pid) before it touches anything there (the control socket, leftovers marked with
/// the state directory, operator state). The kernel releases the lock when the process dies, so the file a SIGKILLed Hale
/// leaves behind does not block the next start.
/// </summary>
internal static class StateDirectoryLock
{
    /// <summary>The lock file's name inside the state directory.</summary>
    public const string FileName = "hale.lock";

    // How long a refused start waits for the holder to write its pid (it locks, then writes).
    private static readonly TimeSpan PidWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PidPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>The lock file of <paramref name="stateDirectory"/>.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    /// <summary>Creates <paramref name="stateDirectory"/> when missing (mode 0700), checks it is private, then locks its <see cref="FileName"/>.</summary>
    /// <param name="stateDirectory">The absolute state directory.</param>
    /// <returns>The held lock; dispose it to delete the file and release the lock.</returns>
    /// <exception cref="PidFileLockException">Another process holds the lock.</exception>
    /// <exception cref="IOException">The directory or file cannot be created or written, the directory is not private (another
    /// user's, or writable by the group or others), or .NET file locking is disabled.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file is not ours to write.</exception>
    public static PidFileLock Acquire(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        var directory = Path.GetFullPath(stateDirectory);

        // As mkdir -p -m 0700 (the parents get the usual mode, the state directory itself is private); one that another
        // user owns or others may write is refused.
        Hale.State.PrivateDirectory.Ensure(directory);

        return PidFileLock.Acquire(PathIn(directory));
    }

    /// <summary>
    /// <see cref="Acquire"/> for <c>hale run</c>: when refused, writes <c>hale: already running (pid N)</c> (or why the lock
    /// cannot be taken) to <paramref name="stderr"/> and returns null.
    /// </summary>
    /// <param name="stateDirectory">The absolute state directory.</param>
    /// <param name="stderr">Where the refusal is written.</param>
    /// <param name="time">The clock of the short wait for a holder that has not written its pid yet.</param>
    /// <param name="cancellationToken">Cancels that wait.</param>
    /// <returns>The held lock, or null when refused.</returns>
    public static async Task<PidFileLock?> TryAcquireAsync(string stateDirectory, TextWriter stderr, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return Acquire(stateDirectory);
        }
        catch (PidFileLockException ex)
        {
            var pid = ex.HolderPid;
            var start = time.GetTimestamp();
            while (pid is null && time.GetElapsedTime(start) < PidWait)
            {
                await Task.Delay(PidPoll, time, cancellationToken);
                pid = PidFileLock.ReadPid(ex.Path);
            }

            await stderr.WriteLineAsync(pid is { } n
                ? $"hale: already running (pid {n})"
                : $"hale: already running ({ex.Path} is locked by another process)");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"hale: cannot lock the state directory {stateDirectory}: {ex.Message}");
            return null;
        }
    }
}
