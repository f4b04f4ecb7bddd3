using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hale.Auth;

/// <summary>
/// What one <c>statx</c> tells about a file: its identity (device, inode) and its size, modification and status-change
/// times, enough to notice cheaply that it changed, including a replacement by rename with the same size and a preserved
/// modification time.
/// </summary>
/// <remarks>
/// <c>statx</c> follows symbolic links, so a link swapped to another file (a Kubernetes secret's <c>..data</c>) shows as a
/// new inode. Where <c>statx</c> is not available (glibc before 2.28, a seccomp filter), the stamp falls back to what .NET
/// exposes (size and modification time; <see cref="Device"/> and <see cref="Inode"/> 0).
/// </remarks>
/// <param name="Device">The device holding the file (major &lt;&lt; 32 | minor); 0 in the fallback.</param>
/// <param name="Inode">The inode number; 0 in the fallback.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteUtc">Modification time (100 ns precision).</param>
/// <param name="LastChangeUtc">Status-change time (<c>ctime</c>); equal to <paramref name="LastWriteUtc"/> in the fallback.</param>
internal readonly partial record struct FileStamp(ulong Device, ulong Inode, long Length, DateTime LastWriteUtc, DateTime LastChangeUtc)
{
    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int EACCES = 13;
    private const int EPERM = 1;
    private const int ENOSYS = 38;
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;

    private static bool s_statxMissing;

    /// <summary>Reads the stamp of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">It is not a regular file (a directory, a FIFO, a device), or another I/O error.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be examined.</exception>
    public static FileStamp Of(string path)
    {
        if (!Volatile.Read(ref s_statxMissing))
        {
            Span<byte> buffer = stackalloc byte[StatxSize];
            int error;
            try
            {
                error = StatxInto(path, buffer);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                error = ENOSYS;
            }

            if (error == 0)
            {
                return FromStatx(path, buffer);
            }

            if (error is not (ENOSYS or EPERM))
            {
                throw error switch
                {
                    ENOENT or ENOTDIR => new FileNotFoundException($"no such file: {path}", path),
                    EACCES => new UnauthorizedAccessException($"permission denied: {path}"),
                    _ => new IOException($"stat failed (errno {error}): {path}"),
                };
            }

            Volatile.Write(ref s_statxMissing, true);
        }

        var info = new FileInfo(path);
        long length = info.Length;
        return new(0, 0, length, info.LastWriteTimeUtc, info.LastWriteTimeUtc);
    }

    private static unsafe int StatxInto(string path, Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            return Statx(AtFdCwd, path, 0, StatxBasicStats, pointer) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    // struct statx is the same on every Linux architecture: stx_mode at 28, stx_ino at 32, stx_size at 40,
    // stx_ctime at 96 and stx_mtime at 112 ({ s64 tv_sec; u32 tv_nsec; s32 reserved; }), stx_dev_major/minor at 136/140.
    private static FileStamp FromStatx(string path, ReadOnlySpan<byte> buffer)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("big-endian statx is not supported");
        }

        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        if ((mode & FileTypeMask) != RegularFile)
        {
            throw new IOException($"not a regular file: {path}");
        }

        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        long size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        return new(device, inode, size, Time(buffer[112..]), Time(buffer[96..]));
    }

    private static DateTime Time(ReadOnlySpan<byte> timestamp)
    {
        long seconds = Math.Clamp(BinaryPrimitives.ReadInt64LittleEndian(timestamp), -62_135_596_800L, 253_402_300_799L);
        uint nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);
        return DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
