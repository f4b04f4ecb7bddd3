using System.Runtime.InteropServices;

namespace Hale.Processes;

/// <summary>glibc's and musl's <c>struct passwd</c>; only the ids are read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePasswd
{
    public nint Name;
    public nint Password;
    public uint Uid;
    public uint Gid;
    public nint Gecos;
    public nint Directory;
    public nint Shell;
}
