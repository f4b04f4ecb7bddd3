using System.Text;
using Hale.Text;

namespace Hale.State;

/// <summary>
/// Keeps operator state as one small file per key in a directory (<c>state_dir</c>), written atomically: a temporary file
/// created exclusively (never through a link planted in its place), fsync, rename over the old one, fsync of the directory.
/// </summary>
/// <remarks>
/// The directory is created with mode 0700 on the first write; one that another user owns or that the group or others
/// may write is refused (<see cref="Write"/> throws). A state file that cannot be read, is not a regular file, or holds a
/// value its check does not know is ignored (the check starts from its default) and reported in <see cref="TakeWarnings"/>.
/// Thread-safe.
/// </remarks>
public sealed class FileOperatorStateStore : IOperatorStateStore
{
    /// <summary>The largest state file read, in bytes: 4 KiB (a value is a few bytes).</summary>
    private const int MaxFileLength = 4096;

    private readonly object _lock = new();
    private readonly List<string> _warnings = [];

    /// <summary>Creates the store; the directory is created on the first write.</summary>
    /// <param name="directory">The directory, e.g. <c>./state</c>.</param>
    public FileOperatorStateStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The absolute directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    /// <remarks>A file that cannot be read gives null and a warning (<see cref="TakeWarnings"/>).</remarks>
    public string? Read(string key)
    {
        var path = PathFor(key);
        lock (_lock)
        {
            try
            {
                var status = FileStatus.Get(path, followLinks: false);
                if (status is not { } s)
                {
                    return null;
                }

                if (s.Kind != FileKind.Regular)
                {
                    Warn($"state file {path} is not a regular file ({s.Kind}); ignored, the check starts from its default state");
                    return null;
                }

                var bytes = File.ReadAllBytes(path);
                if (bytes.Length > MaxFileLength)
                {
                    Warn($"state file {path} is {bytes.Length} bytes long, not a state; ignored, the check starts from its default state");
                    return null;
                }

                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                Warn($"state file {path} cannot be read ({SafeText.Escape(ex.Message)}); ignored, the check starts from its default state");
                return null;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The directory is not private (another user's, or writable by others), or the file cannot be written.</exception>
    public void Write(string key, string? value)
    {
        var path = PathFor(key);
        lock (_lock)
        {
            PrivateDirectory.Ensure(Directory);
            if (value is null)
            {
                File.Delete(path);
                PrivateDirectory.Sync(Directory);
                return;
            }

            var temp = path + ".tmp";
            using (var stream = CreateExclusive(temp))
            {
                stream.Write(Encoding.UTF8.GetBytes(value + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            PrivateDirectory.Sync(Directory);
        }
    }

    /// <summary>The problems met since the last call (unreadable or unknown state files), each naming the file; then forgets them.</summary>
    /// <returns>The warnings, oldest first; empty when none.</returns>
    public IReadOnlyList<string> TakeWarnings()
    {
        lock (_lock)
        {
            var taken = _warnings.ToArray();
            _warnings.Clear();
            return taken;
        }
    }

    /// <summary>Reports a value read for <paramref name="key"/> that its check does not know (a corrupt file).</summary>
    internal void ReportUnknown(string key, string value, string expected) =>
        Warn($"state file {PathFor(key)} holds '{SafeText.Escape(value)}', expected {expected}; ignored, the check starts from its default state");

    private void Warn(string warning)
    {
        lock (_lock)
        {
            if (_warnings.Count < 100)
            {
                _warnings.Add(warning);
            }
        }
    }

    // O_CREAT | O_EXCL: never opens what is there, and a symbolic link planted at the name is not followed. A leftover
    // (a crash between create and rename, or a planted link) is unlinked, not followed, and the create tried once more.
    private static FileStream CreateExclusive(string temp)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        try
        {
            return new FileStream(temp, options);
        }
        catch (IOException) when (FileStatus.Get(temp, followLinks: false) is not null)
        {
            File.Delete(temp);
            return new FileStream(temp, options);
        }
    }

    private string PathFor(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var name = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : $"%{(int)c:X2}");
        }

        return Path.Combine(Directory, name + ".state");
    }
}
