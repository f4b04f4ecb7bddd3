using System.Runtime.InteropServices;

namespace Hale.Processes;

/// <summary>libc calls .NET does not expose. Signal numbers are Linux's (x86-64 and arm64 agree on these).</summary>
internal static unsafe partial class NativeMethods
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGABRT = 6;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGUSR2 = 12;
    public const int SIGALRM = 14;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
    public const int SIGTSTP = 20;
    public const int SIGWINCH = 28;

    /// <summary>The highest signal number on Linux (<c>SIGRTMAX</c>).</summary>
    public const int MaxSignal = 64;

    /// <summary><c>ERANGE</c>: the buffer given to a <c>get…_r</c> call is too small.</summary>
    public const int ERANGE = 34;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroupId"/>; false when none is left.</summary>
    public static bool KillProcessGroup(int processGroupId, int signal) => processGroupId > 1 && Kill(-processGroupId, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/> only; false when it is gone or not ours to signal.</summary>
    public static bool KillProcess(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>
    /// Sets the nice value of process <paramref name="pid"/> (-20 highest priority .. 19 lowest); false when not permitted (a
    /// negative value needs root or CAP_SYS_NICE) or the process is gone.
    /// </summary>
    public static bool TrySetNice(int pid, int nice) => pid > 1 && SetPriority(PrioProcess, (uint)pid, nice) == 0;

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, uint who, int priority);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary><c>getpwnam_r</c>: 0 and a null <paramref name="result"/> when there is no such user, else an errno.</summary>
    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetPwNamR(string name, NativePasswd* entry, byte* buffer, nuint bufferLength, NativePasswd** result);

    /// <summary><c>getpwuid_r</c>: 0 and a null <paramref name="result"/> when there is no such user, else an errno.</summary>
    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    public static partial int GetPwUidR(uint uid, NativePasswd* entry, byte* buffer, nuint bufferLength, NativePasswd** result);

    /// <summary><c>getgrnam_r</c>: 0 and a null <paramref name="result"/> when there is no such group, else an errno.</summary>
    [LibraryImport("libc", EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetGrNamR(string name, NativeGroup* entry, byte* buffer, nuint bufferLength, NativeGroup** result);

    /// <summary><c>getgrgid_r</c>: 0 and a null <paramref name="result"/> when there is no such group, else an errno.</summary>
    [LibraryImport("libc", EntryPoint = "getgrgid_r")]
    public static partial int GetGrGidR(uint gid, NativeGroup* entry, byte* buffer, nuint bufferLength, NativeGroup** result);
}
