using System.Globalization;
using System.Text;

namespace Hale.Cli.Daemon;

/// <summary>
/// A pid file that is also the single-instance lock: an exclusive, non-blocking <c>flock(2)</c> held for as long
/// as this object lives. Other programs see it (<c>flock -n FILE true</c> fails while Hale runs).
/// </summary>
/// <remarks>
/// <para>
/// .NET's <see cref="FileStream"/> on Linux already does what a pid file needs, so this class asks it rather than
/// calling libc: <see cref="FileShare.None"/> takes <c>flock(LOCK_EX | LOCK_NB)</c> right after
/// <c>open(O_RDWR | O_CREAT | O_CLOEXEC)</c> (no <c>O_TRUNC</c>) and throws when another open file holds it;
/// <see cref="FileOptions.DeleteOnClose"/> with <see cref="FileMode.OpenOrCreate"/> makes it check, once locked,
/// that the path still names the locked file (re-opening when a departing holder deleted it meanwhile), and makes
/// dispose unlink the path <em>before</em> releasing the lock. The file is truncated and written only once the lock
/// is held, so a second instance never touches the first one's pid (heartbeat truncated first).
/// </para>
/// <para>
/// The lock belongs to the open file, not to the process: a second <see cref="Acquire"/> in the same process fails
/// too. <c>O_CLOEXEC</c> keeps it out of child processes, so a child outliving Hale does not keep the lock.
/// A consequence of .NET's locking: while the lock is held, .NET programs cannot read the file with
/// <see cref="File.ReadAllText(string)"/> (their shared lock is refused); <c>cat</c> and other tools can, and so does
/// <see cref="ReadPid"/>.
/// </para>
/// <para>
/// Hale holds two of these: <c>STATE_DIR/hale.lock</c> always (one instance per state directory, see
/// <see cref="StateDirectoryLock"/>), and the <c>--pidfile</c> when asked.
/// </para>
/// </remarks>
internal sealed class PidFileLock : IDisposable
{
    private const string DisableFileLockingSwitch = "System.IO.DisableFileLocking";
    private const string DisableFileLockingVariable = "DOTNET_SYSTEM_IO_DISABLEFILELOCKING";

    private readonly FileStream _stream;

    private PidFileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The full path of the pid file.</summary>
    public string Path { get; }

    /// <summary>Locks <paramref name="path"/> (creating it and its directory if missing) and writes our pid to it.</summary>
    /// <param name="path">The pid file.</param>
    /// <returns>The held lock; dispose it to delete the file and release the lock.</returns>
    /// <exception cref="PidFileLockException">
    /// Another process holds the lock; the file is left as it was (<see cref="PidFileLockException.HolderPid"/> is the pid it holds).
    /// </exception>
    /// <exception cref="IOException">The file cannot be created or written, or .NET file locking is disabled.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not ours to write.</exception>
    public static PidFileLock Acquire(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (FileLockingDisabled())
        {
            throw new IOException($"Cannot lock {path}: .NET file locking is disabled ({DisableFileLockingVariable} or {DisableFileLockingSwitch}).");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        FileStream stream;
        try
        {
            stream = new FileStream(fullPath, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                Options = FileOptions.DeleteOnClose,
                BufferSize = 0,
            });
        }
        catch (IOException ex) when (IsLockedByAnother(ex))
        {
            throw new PidFileLockException(path, ReadPid(fullPath), ex);
        }

        try
        {
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            stream.Flush();
            return new PidFileLock(fullPath, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The pid written in a pid file, read without taking a lock (so even while another process holds it).
    /// </summary>
    /// <param name="path">The pid file.</param>
    /// <returns>The pid; null when the file is missing, unreadable, empty (its holder is about to write it) or not a pid.</returns>
    public static int? ReadPid(string path)
    {
        var text = UnlockedFile.TryReadText(path, maxBytes: 64);
        return int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    /// <summary>Deletes the pid file, then releases the lock.</summary>
    public void Dispose() => _stream.Dispose();

    // FileStream reports flock's EWOULDBLOCK as an IOException whose HResult is the raw errno.
    private static bool IsLockedByAnother(IOException ex) =>
        ex.GetType() == typeof(IOException) && ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    private static bool FileLockingDisabled()
    {
        if (AppContext.TryGetSwitch(DisableFileLockingSwitch, out var disabled))
        {
            return disabled;
        }

        var variable = Environment.GetEnvironmentVariable(DisableFileLockingVariable);
        return variable == "1" || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase);
    }
}
