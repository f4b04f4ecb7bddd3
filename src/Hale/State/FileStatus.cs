using System.Runtime.InteropServices;

namespace Hale.State;

/// <summary>
/// What <c>statx(2)</c> says of a path: its owner, mode, kind and inode (.NET exposes the mode only). Linux's
/// <c>struct statx</c> has the same layout on every architecture.
/// </summary>
/// <param name="Uid">The owner's user id.</param>
/// <param name="Mode">The permission bits (with set-id and sticky bits).</param>
/// <param name="Kind">The file's type.</param>
/// <param name="Inode">The inode number.</param>
internal readonly record struct FileStatus(uint Uid, UnixFileMode Mode, FileKind Kind, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8, StatxIno = 0x100;
    private const int ENOENT = 2, ENOTDIR = 20;

    /// <summary>The effective user id of this process (<c>geteuid</c>).</summary>
    public static uint EffectiveUid => StatusNative.GetEuid();

    /// <summary>Whether the group or others may write (<c>chmod g+w</c> or <c>o+w</c>).</summary>
    public bool WritableByOthers => (Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;

    /// <summary>Whether the group or others have any permission at all.</summary>
    public bool OpenToOthers => (Mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;

    /// <summary>The mode as <c>ls</c> and <c>chmod</c> write it, e.g. <c>0755</c>.</summary>
    public string OctalMode => "0" + Convert.ToString((int)Mode, 8);

    /// <summary>Reads the status of <paramref name="path"/>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="followLinks">false: a symbolic link is described itself (<c>lstat</c>).</param>
    /// <returns>The status, or null when nothing is there.</returns>
    /// <exception cref="IOException">The path cannot be examined (permission denied, a loop of links...).</exception>
    public static unsafe FileStatus? Get(string path, bool followLinks)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var buffer = stackalloc byte[256];
        if (StatusNative.Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxMode | StatxUid | StatxIno, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return null;
            }

            throw new IOException($"cannot examine {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var uid = *(uint*)(buffer + 20);
        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var kind = (mode & 0xF000) switch
        {
            0x4000 => FileKind.Directory,
            0x8000 => FileKind.Regular,
            0xA000 => FileKind.SymbolicLink,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return new FileStatus(uid, (UnixFileMode)(mode & 0xFFF), kind, inode);
    }
}
