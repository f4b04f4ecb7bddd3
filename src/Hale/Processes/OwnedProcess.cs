using System.ComponentModel;
using System.Diagnostics;

namespace Hale.Processes;

/// <summary>
/// A child that Hale spawns and owns: its own session and process group, killed by the kernel if Hale dies,
/// marked with <c>HALE_OWNER</c>, its output read line by line, its end observed as soon as it is reaped.
/// </summary>
/// <remarks>
/// <para>
/// The child is started as <c>setsid setpriv --pdeathsig KILL [--reuid … --regid … --init-groups] -- program</c>, which
/// execs in place, so <see cref="Pid"/> is the child's own pid and also its session and process group id.
/// <see cref="Signal"/> and <see cref="DisposeAsync"/> address the whole group, so grandchildren that stay in it go too.
/// </para>
/// <para>
/// If Hale is killed with SIGKILL, the kernel kills the direct child (parent-death signal), not its descendants: those
/// keep <c>HALE_OWNER=&lt;Owner&gt;</c> in their environment and <see cref="ProcessTable.KillLeftovers"/> finds them when Hale
/// starts again. The signal is armed by <c>setpriv</c> a few milliseconds after the fork; if Hale dies within that window the
/// child is left running, marked, for the same clean-up. Every child is forked by one dedicated thread (see
/// <see cref="ProcessSpawner"/>), because the kernel sends the signal when the forking thread ends.
/// </para>
/// <para>
/// Stdin is closed at once (the child reads end-of-file). Thread-safe: <see cref="Signal"/> and <see cref="DisposeAsync"/>
/// may be called from any thread, any number of times.
/// </para>
/// </remarks>
internal sealed class OwnedProcess : IAsyncDisposable
{
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly TaskCompletionSource<ProcessExit> _exited;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Task _output;
    private readonly Lock _outputLock = new();
    private readonly Lock _disposeLock = new();
    private readonly Action<OutputLine>? _onOutput;
    private Task? _disposal;

    private OwnedProcess(
        ProcessSpec spec, Process process, DateTimeOffset startedAt, TaskCompletionSource<ProcessExit> exited, Action<OutputLine>? onOutput, TimeProvider timeProvider, int spawnThreadId)
    {
        Spec = spec;
        _process = process;
        _exited = exited;
        _onOutput = onOutput;
        _time = timeProvider;
        SpawnThreadId = spawnThreadId;
        Pid = process.Id;
        StartedAt = startedAt;
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child already exited and closed its end.
        }

        _output = Task.WhenAll(
            Task.Run(() => OutputLineReader.PumpAsync(process.StandardOutput.BaseStream, OutputStream.Stdout, Deliver, _stopReading.Token)),
            Task.Run(() => OutputLineReader.PumpAsync(process.StandardError.BaseStream, OutputStream.Stderr, Deliver, _stopReading.Token)));
    }

    /// <summary>What was started.</summary>
    public ProcessSpec Spec { get; }

    /// <summary>The child's pid, which is also its process group id and session id.</summary>
    public int Pid { get; }

    /// <summary>When the child was started (read just before the fork, so never after <see cref="ProcessExit.At"/>), from the owner's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// Completes when the runtime has reaped the child (it is notified by SIGCHLD: no polling), with its exit code or signal.
    /// Does not wait for the output pipes: a grandchild may still hold them open. Never faults; continuations run asynchronously.
    /// </summary>
    public Task<ProcessExit> Exited => _exited.Task;

    /// <summary>The managed id of the thread that forked the child (for tests of <see cref="ProcessSpawner"/>).</summary>
    internal int SpawnThreadId { get; }

    /// <summary>Starts a child.</summary>
    /// <param name="spec">What to run; see <see cref="ProcessSpec.Validate"/>.</param>
    /// <param name="onOutput">
    /// Receives every line of stdout and stderr, one call at a time (never concurrently), on a thread-pool thread. It must be
    /// quick: output is read only as fast as it returns. An exception it throws is swallowed and the line is lost. Null: the
    /// output is read and discarded, so the child never blocks on a full pipe.
    /// </param>
    /// <param name="timeProvider">The clock for <see cref="StartedAt"/>, <see cref="ProcessExit.At"/> and the output grace period of <see cref="DisposeAsync"/>.</param>
    /// <returns>The running child. The caller owns it and must dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is invalid; the message lists every problem.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ProcessStartException">The child could not be started; the message names the command and why.</exception>
    /// <remarks>
    /// Blocks the calling thread while the spawning thread forks the child and until <c>setsid</c> and <c>setpriv</c> have exec'd
    /// the program (a few milliseconds; at most 5 s on a stalled system): when it returns, <see cref="Pid"/> leads its own
    /// process group and the parent-death signal is armed. A program that cannot be exec'd (e.g. not executable by
    /// <see cref="ProcessSpec.User"/>) is not an exception: it exits with code 126 or 127 and says why on stderr.
    /// </remarks>
    public static OwnedProcess Start(ProcessSpec spec, Action<OutputLine>? onOutput, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid process spec: {string.Join("; ", errors)}", nameof(spec));
        }

        var info = ProcessLaunch.Prepare(spec);
        var exited = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Exited += (_, _) => exited.TrySetResult(ProcessExit.FromRuntimeExitCode(process.ExitCode, timeProvider.GetUtcNow()));
        var startedAt = timeProvider.GetUtcNow();
        int spawnThreadId;
        try
        {
            spawnThreadId = ProcessSpawner.Start(process);
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw ProcessLaunch.Failure(spec.ToString(), ex.Message, ex);
        }

        ProcessLaunch.WaitUntilExecuted(process.Id);
        return new OwnedProcess(spec, process, startedAt, exited, onOutput, timeProvider, spawnThreadId);
    }

    /// <summary>Sends <paramref name="signal"/> to the child's whole process group (<c>kill(-pgid, signal)</c>).</summary>
    /// <param name="signal">A signal number, e.g. <see cref="ProcessSignals.Terminate"/> or from <see cref="ProcessSignals.Parse"/>.</param>
    /// <returns>False when the group is gone (no process of it is left) or may not be signalled.</returns>
    /// <remarks>
    /// After the child itself has exited the signal still reaches descendants left in its group. Once the group is empty its
    /// number can in principle be reused by an unrelated new group; dispose the object when done with it. Should the child not
    /// lead its group yet (<see cref="Start"/> gave up waiting on a stalled system), the signal goes to the child alone: until
    /// <see cref="Exited"/> completes it is not reaped, so its pid cannot belong to anyone else.
    /// </remarks>
    public bool Signal(int signal) =>
        NativeMethods.KillProcessGroup(Pid, signal) || (!_exited.Task.IsCompleted && NativeMethods.KillProcess(Pid, signal));

    /// <summary>Sends <paramref name="signal"/> to the child alone (<c>kill(pid, signal)</c>), not to the rest of its group.</summary>
    /// <param name="signal">A signal number, e.g. from <see cref="ProcessSignals.Parse"/>.</param>
    /// <returns>False when the child has exited (or may not be signalled); then nothing was sent.</returns>
    /// <remarks>
    /// For a signal meant for the program (<c>SIGHUP</c> to reload, <c>SIGUSR1</c>…): its children get nothing. The pid cannot
    /// belong to anyone else meanwhile, since it is not reaped before <see cref="Exited"/> completes.
    /// </remarks>
    public bool SignalProcess(int signal) => !_exited.Task.IsCompleted && NativeMethods.KillProcess(Pid, signal);

    /// <summary>
    /// Kills the whole process group with SIGKILL (if anything is left of it), waits until the child is reaped, gives the
    /// output readers up to 500 ms to drain the pipes (a descendant that left the group may hold them open), then stops them
    /// and releases the process handle.
    /// </summary>
    /// <returns>Completes when all that is done; calling it again returns the same work.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        NativeMethods.KillProcessGroup(Pid, NativeMethods.SIGKILL);
        if (!_exited.Task.IsCompleted)
        {
            NativeMethods.KillProcess(Pid, NativeMethods.SIGKILL);
        }

        await _exited.Task.ConfigureAwait(false);
        await Task.WhenAny(_output, Task.Delay(OutputGrace, _time, CancellationToken.None)).ConfigureAwait(false);
        await _stopReading.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(_output, Task.Delay(OutputGrace, _time, CancellationToken.None)).ConfigureAwait(false);
        _process.Dispose();
        _stopReading.Dispose();
    }

    private void Deliver(OutputLine line)
    {
        if (_onOutput is null)
        {
            return;
        }

        lock (_outputLock)
        {
            try
            {
                _onOutput(line);
            }
            catch (Exception)
            {
                // Documented: a failing callback loses its line; reading must go on or the child would block.
            }
        }
    }
}
