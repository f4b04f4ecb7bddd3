using System.Runtime.InteropServices;

namespace Hale.State;

/// <summary>
/// A directory only its owner may write: <c>state_dir</c> (operator state, the lock, the control socket). Hale creates it
/// with mode 0700 and refuses one that another user owns or that the group or others may write, since whoever can write
/// there can plant links where Hale writes, or replace its socket. Stateless and thread-safe.
/// </summary>
internal static class PrivateDirectory
{
    /// <summary>The mode Hale creates it with: 0700.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> when missing (as <c>mkdir -p -m 0700</c>), then checks it (<see cref="Problem"/>).</summary>
    /// <param name="path">The directory.</param>
    /// <exception cref="IOException">It cannot be created, or it is not private (the message says why, naming the path).</exception>
    /// <exception cref="UnauthorizedAccessException">A parent is not ours to write.</exception>
    public static void Ensure(string path)
    {
        var full = Path.GetFullPath(path);
        if (FileStatus.Get(full, followLinks: true) is null)
        {
            // The parents get the usual mode; the directory itself is private from its creation.
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.CreateDirectory(full, Mode);
        }

        if (Problem(full) is { } problem)
        {
            throw new IOException(problem);
        }
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot serve as a private directory, without changing anything: it is not a directory,
    /// another user owns it, the group or others may write it, or (missing) it cannot be created.
    /// </summary>
    /// <param name="path">The directory.</param>
    /// <returns>The problem in words, naming the path; null when it is usable.</returns>
    public static string? Problem(string path)
    {
        var full = Path.GetFullPath(path);
        FileStatus? status;
        try
        {
            status = FileStatus.Get(full, followLinks: true);
        }
        catch (IOException ex)
        {
            return ex.Message;
        }

        if (status is not { } s)
        {
            return CreatableProblem(full);
        }

        var uid = FileStatus.EffectiveUid;
        if (s.Kind != FileKind.Directory)
        {
            return $"{full} is not a directory";
        }

        if (s.Uid != uid)
        {
            return $"{full} is owned by uid {s.Uid}, not by the user running Hale (uid {uid})";
        }

        if (s.WritableByOthers)
        {
            return $"{full} is writable by other users (mode {s.OctalMode}); make it private: chmod 0700 {full}";
        }

        return null;
    }

    /// <summary>Makes a rename or an unlink in <paramref name="path"/> durable (<c>fsync</c> of the directory).</summary>
    /// <param name="path">The directory.</param>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Sync(string path)
    {
        var fd = StatusNative.Open(path, StatusNative.OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} to sync it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (StatusNative.Fsync(fd) != 0)
            {
                throw new IOException($"cannot sync {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            _ = StatusNative.Close(fd);
        }
    }

    // A missing directory: its nearest existing ancestor must be a directory we may create entries in.
    private static string? CreatableProblem(string full)
    {
        for (var parent = Path.GetDirectoryName(full); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            FileStatus? status;
            try
            {
                status = FileStatus.Get(parent, followLinks: true);
            }
            catch (IOException ex)
            {
                return $"{full} cannot be created: {ex.Message}";
            }

            if (status is not { } s)
            {
                continue;
            }

            if (s.Kind != FileKind.Directory)
            {
                return $"{full} cannot be created: {parent} is not a directory";
            }

            return StatusNative.Access(parent, StatusNative.WriteAndExecute) == 0
                ? null
                : $"{full} cannot be created: {parent} is not writable by the user running Hale";
        }

        return $"{full} cannot be created";
    }
}
