using System.Text;

namespace Hale.State;

/// <summary>
/// Keeps operator state as one small file per key in a directory (<c>state_dir</c>),
/// written atomically: a temporary file, fsync, then rename over the old one.
/// </summary>
public sealed class FileOperatorStateStore : IOperatorStateStore
{
    private readonly object _lock = new();

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
    public string? Read(string key)
    {
        var path = PathFor(key);
        lock (_lock)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8).Trim() : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <inheritdoc />
    public void Write(string key, string? value)
    {
        var path = PathFor(key);
        lock (_lock)
        {
            if (value is null)
            {
                File.Delete(path);
                return;
            }

            System.IO.Directory.CreateDirectory(Directory);
            var temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(value + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
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
