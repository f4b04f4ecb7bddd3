using System.Runtime.InteropServices;

namespace Hale.Cli.Daemon;

/// <summary>
/// Makes SIGHUP reach <c>hale run</c> even when it was started with SIGHUP ignored (<c>nohup hale run &amp;</c>, or a parent
/// that ignores it), as nginx and HAProxy do: to a daemon, SIGHUP means "reload", not "your terminal hung up".
/// </summary>
/// <remarks>
/// An ignored disposition is inherited across <c>exec</c>, and .NET's <see cref="PosixSignalRegistration"/> leaves a signal
/// ignored at the time of registration ignored: without this, <c>kill -HUP</c> did nothing at all. Call before registering.
/// SIGINT and SIGQUIT are left as they are (a shell ignores them in its background jobs so that Ctrl-C does not reach them).
/// </remarks>
internal static partial class ReloadSignal
{
    private const int SIGHUP = 1;
    private static readonly nint SIG_DFL = 0;
    private static readonly nint SIG_ERR = -1;

    /// <summary>Sets SIGHUP's disposition to the default, so that a handler can be registered for it.</summary>
    /// <returns>True when SIGHUP had been ignored.</returns>
    public static bool Unignore()
    {
        var previous = Signal(SIGHUP, SIG_DFL);
        return previous != SIG_ERR && previous == 1; // SIG_IGN
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
