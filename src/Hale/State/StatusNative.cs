using System.Runtime.InteropServices;

namespace Hale.State;

/// <summary>libc calls for file status and durability that .NET does not expose.</summary>
internal static unsafe partial class StatusNative
{
    /// <summary><c>O_RDONLY | O_CLOEXEC</c> (the same value on x86-64 and arm64).</summary>
    public const int OpenReadOnlyCloseOnExec = 0x80000;

    /// <summary><c>W_OK | X_OK</c> for <c>access(2)</c>.</summary>
    public const int WriteAndExecute = 2 | 1;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);
}
