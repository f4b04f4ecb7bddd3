using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Diagnostics;

namespace Hale.Processes;

/// <summary>
/// Runs a command line through <c>/bin/sh -c</c> in a process group of its own, with a timeout, capturing the tail of its output.
/// </summary>
/// <remarks>
/// The child is started through <c>setsid</c> (util-linux) so that it leads a new session and process group; at the timeout
/// or cancellation the whole group gets SIGKILL, so grandchildren die too. With <c>killGroupOnExit</c> (checks) what is left of
/// the group when the shell exits is killed as well; commands that start daemons (a service's <c>start</c>) pass false.
/// Never throws for a command that fails or cannot start: that is in the <see cref="CommandOutcome"/>. Thread-safe.
/// </remarks>
internal static class ShellCommand
{
    private const int OutputCapacityBytes = 4096;
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="commandLine"/> and waits for it to end.</summary>
    /// <param name="commandLine">A shell command line.</param>
    /// <param name="timeout">How long it may run; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="timeProvider">The clock for the timeout.</param>
    /// <param name="killGroupOnExit">Kill what is left of the process group after the shell exits.</param>
    /// <param name="cancellationToken">Kills the group and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>How it ended.</returns>
    public static Task<CommandOutcome> RunAsync(
        string commandLine, TimeSpan timeout, TimeProvider timeProvider, bool killGroupOnExit = true, CancellationToken cancellationToken = default) =>
        RunAsync(commandLine, timeout, timeProvider, null, killGroupOnExit, cancellationToken);

    /// <summary>Runs <paramref name="commandLine"/> with variables added to its environment, and waits for it to end.</summary>
    /// <param name="commandLine">A shell command line.</param>
    /// <param name="timeout">How long it may run; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="timeProvider">The clock for the timeout.</param>
    /// <param name="environment">Variables to add (e.g. <c>HALE_FENCING_TOKEN</c>); null for none.</param>
    /// <param name="killGroupOnExit">Kill what is left of the process group after the shell exits.</param>
    /// <param name="cancellationToken">Kills the group and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>How it ended.</returns>
    public static async Task<CommandOutcome> RunAsync(
        string commandLine,
        TimeSpan timeout,
        TimeProvider timeProvider,
        IReadOnlyDictionary<string, string>? environment,
        bool killGroupOnExit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var started = timeProvider.GetTimestamp();
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(commandLine);
        foreach (var (name, value) in environment ?? ReadOnlyDictionary<string, string>.Empty)
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new CommandOutcome(null, false, string.Empty, timeProvider.GetElapsedTime(started), ex.Message);
        }

        process.StandardInput.Close();
        var tail = new OutputTail(OutputCapacityBytes);
        using var readers = new CancellationTokenSource();
        var drained = Task.WhenAll(
            tail.DrainAsync(process.StandardOutput.BaseStream, readers.Token),
            tail.DrainAsync(process.StandardError.BaseStream, readers.Token));

        var timedOut = false;
        using (var deadline = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline?.Token ?? CancellationToken.None))
        {
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                NativeMethods.KillProcessGroup(process.Id, NativeMethods.SIGKILL);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                timedOut = true;
            }
        }

        if (killGroupOnExit)
        {
            NativeMethods.KillProcessGroup(process.Id, NativeMethods.SIGKILL);
        }

        await Task.WhenAny(drained, Task.Delay(OutputGrace, timeProvider, CancellationToken.None)).ConfigureAwait(false);
        await readers.CancelAsync().ConfigureAwait(false);
        var exitCode = timedOut ? (int?)null : process.ExitCode;
        return new CommandOutcome(exitCode, timedOut, tail.ToString(), timeProvider.GetElapsedTime(started));
    }
}
