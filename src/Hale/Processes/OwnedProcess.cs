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
        ProcessSpec spec,
        Process process,
        DateTimeOffset startedAt,
        DateTimeOffset executedAt,
        TaskCompletionSource<ProcessExit> exited,
        Action<OutputLine>? onOutput,
        TimeProvider timeProvider,
        int spawnThreadId)
    {
        Spec = spec;
        _process = process;
        _exited = exited;
        _onOutput = onOutput;
        _time = timeProvider;
        SpawnThreadId = spawnThreadId;
        Pid = process.Id;
        StartedAt = startedAt;
        ExecutedAt = executedAt;
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
    /// When the start saw the program exec'd (after <c>setsid</c> and <c>setpriv</c>), or saw the child already ended, or gave
    /// up waiting (5 s), from the owner's <see cref="TimeProvider"/>. A start window is measured from here: the time a start
    /// spent queued behind other starts is not the program's.
    /// </summary>
    public DateTimeOffset ExecutedAt { get; }

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
        ThrowIfInvalid(spec, timeProvider);
        var (process, exited) = Prepare(spec, timeProvider);
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
        return new OwnedProcess(spec, process, startedAt, timeProvider.GetUtcNow(), exited, onOutput, timeProvider, spawnThreadId);
    }

    /// <summary>
    /// <see cref="Start"/> without blocking the caller: the fork is queued for the spawning thread and the wait for the exec
    /// polls on a timer, so a burst of starts (hundreds of services exiting at once) holds no thread while it queues.
    /// </summary>
    /// <param name="spec">What to run; see <see cref="ProcessSpec.Validate"/>.</param>
    /// <param name="onOutput">As for <see cref="Start"/>.</param>
    /// <param name="timeProvider">As for <see cref="Start"/>.</param>
    /// <returns>The running child, once its program is exec'd (see <see cref="ExecutedAt"/>). The caller owns it and must dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is invalid; thrown before the returned task exists.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ProcessStartException">The child could not be started; thrown at once for what is checked before the fork, else by the task.</exception>
    public static Task<OwnedProcess> StartAsync(ProcessSpec spec, Action<OutputLine>? onOutput, TimeProvider timeProvider)
    {
        ThrowIfInvalid(spec, timeProvider);
        var (process, exited) = Prepare(spec, timeProvider);
        return CompleteAsync(spec, process, exited, onOutput, timeProvider);
    }

    private static void ThrowIfInvalid(ProcessSpec spec, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid process spec: {string.Join("; ", errors)}", nameof(spec));
        }
    }

    private static async Task<OwnedProcess> CompleteAsync(
        ProcessSpec spec, Process process, TaskCompletionSource<ProcessExit> exited, Action<OutputLine>? onOutput, TimeProvider timeProvider)
    {
        var startedAt = timeProvider.GetUtcNow();
        int spawnThreadId;
        try
        {
            spawnThreadId = await ProcessSpawner.StartAsync(process).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw ProcessLaunch.Failure(spec.ToString(), ex.Message, ex);
        }

        await ProcessLaunch.WaitUntilExecutedAsync(process.Id).ConfigureAwait(false);
        return new OwnedProcess(spec, process, startedAt, timeProvider.GetUtcNow(), exited, onOutput, timeProvider, spawnThreadId);
    }

    private static (Process Process, TaskCompletionSource<ProcessExit> Exited) Prepare(ProcessSpec spec, TimeProvider timeProvider)
    {
        var info = ProcessLaunch.Prepare(spec);
        var exited = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Exited += (_, _) => exited.TrySetResult(ProcessExit.FromRuntimeExitCode(process.ExitCode, timeProvider.GetUtcNow()));
        return (process, exited);
    }

    /// <summary>Sends <paramref name="signal"/> to the child's whole process group (<c>kill(-pgid, signal)</c>).</summary>
    /// <param name="signal">A signal number, e.g. <see cref="ProcessSignals.Terminate"/> or from <see cref="ProcessSignals.Parse"/>.</param>
    /// <returns>False when the group is gone (no process of it is left) or may not be signalled.</returns>
    /// <remarks>
    /// With <see cref="ProcessSpec.Instance"/> set, descendants that left the group (<c>setsid</c>) are found by their markers and
    /// get the signal too, a moment later, from a pool thread (see <see cref="EscapedDescendants"/>); the result does not count them.
    /// After the child itself has exited the signal still reaches descendants left in its group. Once the group is empty its
    /// number can in principle be reused by an unrelated new group; dispose the object when done with it. Should the child not
    /// lead its group yet (<see cref="Start"/> gave up waiting on a stalled system), the signal goes to the child alone: until
    /// <see cref="Exited"/> completes it is not reaped, so its pid cannot belong to anyone else.
    /// </remarks>
    public bool Signal(int signal)
    {
        var sent = NativeMethods.KillProcessGroup(Pid, signal) || (!_exited.Task.IsCompleted && NativeMethods.KillProcess(Pid, signal));
        _ = SignalEscapedAsync(signal);
        return sent;
    }

    /// <summary>Sends <paramref name="signal"/> to the child alone (<c>kill(pid, signal)</c>), not to the rest of its group.</summary>
    /// <param name="signal">A signal number, e.g. from <see cref="ProcessSignals.Parse"/>.</param>
    /// <returns>False when the child has exited (or may not be signalled); then nothing was sent.</returns>
    /// <remarks>
    /// For a signal meant for the program (<c>SIGHUP</c> to reload, <c>SIGUSR1</c>…): its children get nothing. The pid cannot
    /// belong to anyone else meanwhile, since it is not reaped before <see cref="Exited"/> completes.
    /// </remarks>
    public bool SignalProcess(int signal) => !_exited.Task.IsCompleted && NativeMethods.KillProcess(Pid, signal);

    /// <summary>
    /// Kills the whole process group with SIGKILL (if anything is left of it) and, with <see cref="ProcessSpec.Instance"/> set, every
    /// descendant that left it (found by its markers), waits until the child is reaped, gives the
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

        await SignalEscapedAsync(NativeMethods.SIGKILL).ConfigureAwait(false);

        await _exited.Task.ConfigureAwait(false);
        await OutputDrain.FinishAsync(_output, _stopReading, OutputGrace, _time).ConfigureAwait(false);
        _process.Dispose();
        _stopReading.Dispose();
    }

    private Task<int> SignalEscapedAsync(int signal) =>
        Spec.Instance is { } instance ? EscapedDescendants.SignalAsync(Spec.Owner, instance, signal, Pid) : Task.FromResult(0);

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
