using System.Runtime.InteropServices;

namespace Hale.Processes;

/// <summary>libc calls .NET does not expose.</summary>
internal static partial class NativeMethods
{
    public const int SIGTERM = 15;
    public const int SIGKILL = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroupId"/>; false when none is left.</summary>
    public static bool KillProcessGroup(int processGroupId, int signal) => processGroupId > 1 && Kill(-processGroupId, signal) == 0;
}
