using Hale.State;

namespace Hale.Hosting;

/// <summary>
/// Binds the control socket so that no other user can reach it at any moment: the socket is bound inside a fresh directory
/// of mode 0700 beside its final path, made 0600 there, then renamed into place (a rename keeps the listening socket);
/// so it appears at its final path with its final mode, whatever the umask and the mode of the directory it lives in.
/// Not thread-safe: used by one server's start and stop.
/// </summary>
internal sealed class ControlSocketBinding
{
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _bindDirectory;
    private ulong? _inode;

    private ControlSocketBinding(string path, string bindDirectory)
    {
        Path = path;
        _bindDirectory = bindDirectory;
        BindPath = System.IO.Path.Combine(bindDirectory, "s");
    }

    /// <summary>The socket's final path.</summary>
    public string Path { get; }

    /// <summary>Where the listener binds: inside the private directory.</summary>
    public string BindPath { get; }

    /// <summary>
    /// Creates the private directory beside <paramref name="path"/> (and the directory of <paramref name="path"/>, mode
    /// 0700, when missing), checking that it is a new directory of ours with mode 0700.
    /// </summary>
    /// <param name="path">The socket's final path.</param>
    /// <returns>The binding; bind the listener at <see cref="BindPath"/>, then <see cref="Publish"/>.</returns>
    /// <exception cref="IOException">The directory cannot be created, or what is there is not a private directory of ours.</exception>
    public static ControlSocketBinding Prepare(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var parent = System.IO.Path.GetDirectoryName(full)!;
        if (FileStatus.Get(parent, followLinks: true) is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(parent) ?? parent);
            Directory.CreateDirectory(parent, PrivateDirectory.Mode);
        }

        // Guid.NewGuid reads the kernel's random source; RandomNumberGenerator would load OpenSSL (~4 MB resident) for 4 bytes.
        var bindDirectory = System.IO.Path.Combine(parent, ".sock-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(bindDirectory, PrivateDirectory.Mode);

        // Not followed: a link or another user's directory planted at the random name is refused.
        var status = FileStatus.Get(bindDirectory, followLinks: false);
        if (status is not { Kind: FileKind.Directory } s || s.Uid != FileStatus.EffectiveUid || s.OpenToOthers)
        {
            throw new IOException($"cannot bind the control socket {full}: {bindDirectory} is not a private directory of the user running Hale");
        }

        return new ControlSocketBinding(full, bindDirectory);
    }

    /// <summary>Makes the bound socket 0600 and renames it to <see cref="Path"/> (replacing a stale one), then removes the private directory.</summary>
    /// <exception cref="IOException">The socket cannot be moved into place.</exception>
    public void Publish()
    {
        File.SetUnixFileMode(BindPath, SocketMode);
        File.Move(BindPath, Path, overwrite: true);
        _inode = FileStatus.Get(Path, followLinks: false)?.Inode;
        DeleteBindDirectory();
    }

    /// <summary>Removes the socket (only when the file at <see cref="Path"/> is still this one) and the private directory; never throws.</summary>
    public void Remove()
    {
        try
        {
            if (_inode is { } inode && FileStatus.Get(Path, followLinks: false) is { Kind: FileKind.Socket } s && s.Inode == inode)
            {
                File.Delete(Path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Stale sockets are replaced at the next start.
        }

        _inode = null;
        DeleteBindDirectory();
    }

    private void DeleteBindDirectory()
    {
        try
        {
            if (Directory.Exists(_bindDirectory))
            {
                Directory.Delete(_bindDirectory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only an empty directory of ours is left behind.
        }
    }
}
