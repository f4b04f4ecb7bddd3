using System.Runtime.InteropServices;

namespace Hale.Processes;

/// <summary>glibc's and musl's <c>struct group</c>; only the id is read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeGroup
{
    public nint Name;
    public nint Password;
    public uint Gid;
    public nint Members;
}
