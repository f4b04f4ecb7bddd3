using System.Globalization;
using System.Text;

namespace Hale.Logs;

/// <summary>
/// Appends whole lines to a file, one <c>write(2)</c> per line (nothing is buffered, so a crash loses nothing),
/// and rotates it before a line would make it larger than the limit. Thread-safe: one lock around write and rotate.
/// </summary>
/// <remarks>
/// <para>
/// Rotation renames <c>FILE.(N-1)</c> to <c>FILE.N</c> (replacing the oldest) .. <c>FILE</c> to <c>FILE.1</c>, then
/// starts a new <c>FILE</c>, as Python's <c>RotatingFileHandler</c> does. A line longer than the limit still goes, alone,
/// into a fresh file. A failure to write or rotate (disk full, directory removed) never reaches the caller: the line is
/// dropped, the failure is handed to the optional callback, and the next line tries to open the file again. Used for Hale's
/// own log (<c>--log-file</c>, ha_valet's per-process files) and for the services' log files (<see cref="ServiceLogFiles"/>).
/// </para>
/// </remarks>
internal sealed class RotatingFileWriter : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _backups;
    private readonly Action<Exception>? _failed;
    private FileStream? _stream;
    private long _length;
    private bool _disposed;

    /// <summary>Opens (or creates, with its directory) the file for appending.</summary>
    /// <param name="path">The file; backups are written beside it as <c>FILE.1</c> (newest) .. <c>FILE.N</c>.</param>
    /// <param name="maxBytes">The size a file may reach; a line that would make it larger goes to a fresh file. At least 1; the default is 1 MiB.</param>
    /// <param name="backups">How many rotated files are kept; zero keeps none (the file starts over when full). The default is 5.</param>
    /// <param name="failed">Told of each failure to write, open or rotate (under the writer's lock: it must be quick); the default is none.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not ours to write.</exception>
    public RotatingFileWriter(string path, long maxBytes = 1_048_576, int backups = 5, Action<Exception>? failed = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(backups);
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _backups = backups;
        _failed = failed;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        Open_NeedsLock();
    }

    /// <summary>Appends <paramref name="text"/> (whole lines) to the file, rotating first if it would not fit.</summary>
    /// <param name="text">One or more lines, newline-terminated.</param>
    /// <remarks>Never throws for a file problem: the text is dropped and the failure handed to the constructor's callback.</remarks>
    public void Write(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                if (_stream is null)
                {
                    Open_NeedsLock();
                }

                if (_length > 0 && _length + bytes.Length > _maxBytes)
                {
                    Rotate_NeedsLock();
                }

                _stream!.Write(bytes);
                _stream.Flush();
                _length += bytes.Length;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _stream?.Dispose();
                _stream = null;
                _failed?.Invoke(ex);
            }
        }
    }

    /// <summary>Closes the file; later writes are dropped.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _stream?.Dispose();
            _stream = null;
        }
    }

    private void Open_NeedsLock()
    {
        _stream = new FileStream(_path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        });
        _length = _stream.Length;
    }

    private void Rotate_NeedsLock()
    {
        _stream!.Dispose();
        _stream = null;
        if (_backups == 0)
        {
            File.Delete(_path);
        }
        else
        {
            for (var i = _backups - 1; i >= 1; i--)
            {
                if (File.Exists(Backup(i)))
                {
                    File.Move(Backup(i), Backup(i + 1), overwrite: true);
                }
            }

            File.Move(_path, Backup(1), overwrite: true);
        }

        Open_NeedsLock();
    }

    private string Backup(int number) => _path + "." + number.ToString(CultureInfo.InvariantCulture);
}
