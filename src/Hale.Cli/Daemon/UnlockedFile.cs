using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hale.Cli.Daemon;

/// <summary>
/// Reads a small file the way <c>cat</c> does, without the shared <c>flock</c> that .NET's readers take (and that an
/// exclusive lock held by another process refuses): how one instance reads the pid in another's lock file.
/// </summary>
internal static partial class UnlockedFile
{
    private const int ReadOnly = 0;          // O_RDONLY
    private const int CloseOnExec = 0x80000; // O_CLOEXEC (Linux: x86-64, arm64)

    /// <summary>Reads up to <paramref name="maxBytes"/> bytes of <paramref name="path"/> as UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most bytes read. <value>The default is 4096.</value></param>
    /// <returns>The text, or null when the file cannot be opened or read.</returns>
    public static string? TryReadText(string path, int maxBytes = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Open(path, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var buffer = new byte[maxBytes];
        try
        {
            var count = RandomAccess.Read(handle, buffer, fileOffset: 0);
            return Encoding.UTF8.GetString(buffer, 0, count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
