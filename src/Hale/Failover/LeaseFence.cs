using Hale.Processes;
using Microsoft.Extensions.Logging;

namespace Hale.Failover;

/// <summary>
/// A watchdog process that stops a failover group's active service when Hale stops renewing the group's lease: issue 9's
/// fencing requirement that, if Hale itself is frozen or killed, the active service must not outlive the lease.
/// </summary>
/// <remarks>
/// <para>
/// An owned service already dies with a <em>killed</em> Hale (parent-death signal) but not with a <em>frozen</em> one (SIGSTOP,
/// a stalled host), and an unowned service (start/stop commands) dies with neither. The fence is one small process,
/// <c>/bin/bash</c> running <see cref="FenceScript"/>, in a session of its own (a SIGSTOP to Hale or to Hale's process group
/// does not reach it), without a parent-death signal (it outlives a killed Hale), marked with <c>HALE_OWNER</c> like Hale's
/// other children. While the group is active, Hale calls <see cref="Arm"/> on every renewal with the time the lease has left;
/// if no new arm comes within that time, or Hale's end of the pipe closes while armed, the fence fires: SIGKILL to the
/// service's process group and to every process marked with <see cref="Marker"/> (<see cref="MarkerVariable"/>), then the fence command (<c>/bin/sh -c</c>, stdin from <c>/dev/null</c>, 10 s bound, then SIGKILL
/// 1 s later), then one report line, logged at Warning and passed to the <c>onFired</c> callback. After firing it is disarmed
/// until the next arm; Hale must treat a report as a demotion.
/// </para>
/// <para>
/// The fence runs at nice -10 where Hale may set it (root or CAP_SYS_NICE), so that CPU load does not delay it past the
/// caller's margin. Limits: a fence frozen with Hale (a cgroup freeze of the whole unit, a stopped VM) cannot act; the deadline is measured on
/// <c>/proc/uptime</c> (10 ms steps) from the moment the fence reads the arm. The fence command runs with Hale's environment
/// plus <c>HALE_OWNER</c>, <c>HALE_FENCE_COMMAND</c>.
/// </para>
/// <para>
/// Thread-safe: every member may be called from any thread. <see cref="Arm"/> and <see cref="Disarm"/> never block on the
/// fence (only the latest unsent message is kept) and never throw for a dead fence: its end is logged once and a new fence is
/// started on the next arm.
/// </para>
/// </remarks>
public sealed class LeaseFence : IAsyncDisposable
{
    /// <summary>The environment variable that carries the fence command to the fence: <c>HALE_FENCE_COMMAND</c>.</summary>
    public const string CommandVariable = "HALE_FENCE_COMMAND";

    /// <summary>
    /// The environment variable that marks the processes a fence kills when it fires: <c>HALE_FENCE</c>. Start the group's service
    /// with <c>HALE_FENCE=</c><see cref="Marker"/> in its environment (descendants inherit it): the fence finds them by it even when
    /// they left the process group given to <see cref="Arm"/>, or were started after the last arm.
    /// </summary>
    public const string MarkerVariable = "HALE_FENCE";

    /// <summary>The variable that carries <see cref="Marker"/> to the fence process itself: <c>HALE_FENCE_MARKER</c>.</summary>
    internal const string MarkerToFenceVariable = "HALE_FENCE_MARKER";

    private const string FiredPrefix = "fired: ";
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly string _group;
    private readonly string? _command;
    private readonly string _owner;
    private readonly ILogger _logger;
    private readonly Action<string>? _onFired;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private FenceProcess? _fence;
    private bool _startFailureLogged;
    private Task? _disposal;

    private LeaseFence(string group, string? command, string owner, ILogger logger, Action<string>? onFired, TimeProvider timeProvider)
    {
        _group = group;
        _command = command;
        _owner = owner;
        _logger = logger;
        _onFired = onFired;
        _time = timeProvider;
        Marker = Guid.NewGuid().ToString("N");
    }

    /// <summary>
    /// This fence's marker, 32 hex digits, fixed for its lifetime (a replaced fence process keeps it): the value of
    /// <see cref="MarkerVariable"/> in the environment of the processes it kills when it fires.
    /// </summary>
    public string Marker { get; }

    /// <summary>The current fence process's pid (also its session and process group id); 0 when none runs since a restart failed.</summary>
    /// <value>Changes when a dead fence is replaced on <see cref="Arm"/>.</value>
    public int Pid
    {
        get
        {
            lock (_lock)
            {
                return _fence?.Pid ?? 0;
            }
        }
    }

    /// <summary>Whether the current fence process has ended (or none runs); the next <see cref="Arm"/> starts a new one.</summary>
    public bool HasExited
    {
        get
        {
            lock (_lock)
            {
                return _fence is null || _fence.Exited.IsCompleted;
            }
        }
    }

    /// <summary>Starts a disarmed fence for a group.</summary>
    /// <param name="groupName">The failover group, for logs and the fence's command line.</param>
    /// <param name="fenceCommand">A shell command run when the fence fires (e.g. the unowned service's stop command); null or empty for none.</param>
    /// <param name="owner">Hale's <c>HALE_OWNER</c> marker (see <see cref="ProcessSpec.Owner"/>): not empty, no NUL character.</param>
    /// <param name="logger">Receives the fence's reports and problems, at Warning.</param>
    /// <param name="onFired">
    /// Receives each report of the fence firing, e.g. <c>lease not renewed for 1500 ms: killed process group 4242, fence command
    /// exited 0</c>, on a pool thread, one at a time; it must be quick, and an exception it throws is swallowed. Null: logged only.
    /// </param>
    /// <param name="timeProvider">The clock for the remaining time of an arm; default <see cref="TimeProvider.System"/>.</param>
    /// <returns>The running fence. The caller owns it and must dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="groupName"/> or <paramref name="owner"/> is empty, or a value holds a NUL character.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="groupName"/>, <paramref name="owner"/> or <paramref name="logger"/> is null.</exception>
    /// <exception cref="ProcessStartException">The fence could not be started (no <c>setsid</c> or <c>/bin/bash</c>).</exception>
    /// <remarks>Blocks for a few milliseconds (at most 5 s on a stalled system) until the fence leads its own session.</remarks>
    public static LeaseFence Start(
        string groupName, string? fenceCommand, string owner, ILogger logger, Action<string>? onFired = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupName);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var (name, value) in new[] { (nameof(groupName), groupName), (nameof(fenceCommand), fenceCommand), (nameof(owner), owner) })
        {
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("holds a NUL character", name);
            }
        }

        var fence = new LeaseFence(groupName, fenceCommand, owner, logger, onFired, timeProvider ?? TimeProvider.System);
        fence._fence = fence.StartProcess(throwOnFailure: true);
        return fence;
    }

    /// <summary>
    /// Arms (or re-arms) the fence: it fires unless <see cref="Arm"/> or <see cref="Disarm"/> is called again within
    /// <paramref name="remaining"/>, counted from this call. Call it on every renewal of the lease.
    /// </summary>
    /// <param name="remaining">
    /// The time the lease has left, less whatever margin the caller wants; zero or negative (including
    /// <see cref="Timeout.InfiniteTimeSpan"/>) fires at once. Sent in whole milliseconds, rounded down, at most about 24.8 days.
    /// </param>
    /// <param name="processGroup">The process group of the owned service to kill when the fence fires; null or 0 for none.</param>
    /// <returns>
    /// True when the arm was queued for a running fence (started again here if the previous one had ended); false when
    /// the fence is disposed or could not be started again (logged once).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="processGroup"/> is negative or 1.</exception>
    /// <remarks>
    /// Never waits on the fence: the line is written by a background task, its milliseconds counted down to the moment of
    /// writing. Only replacing a dead fence blocks, for the few milliseconds its start takes (at most 5 s on a stalled system).
    /// </remarks>
    public bool Arm(TimeSpan remaining, int? processGroup)
    {
        var group = processGroup ?? 0;
        if (group < 0 || group == 1)
        {
            throw new ArgumentOutOfRangeException(nameof(processGroup), processGroup, "a process group id is 0 (none) or greater than 1");
        }

        var message = new FenceMessage(remaining, _time.GetTimestamp(), group);
        lock (_lock)
        {
            if (_disposal is not null)
            {
                return false;
            }

            if (_fence is null || _fence.Exited.IsCompleted)
            {
                var dead = _fence;
                _fence = StartProcess(throwOnFailure: false);
                if (dead is not null)
                {
                    _ = dead.ReleaseAsync();
                }
            }

            return _fence?.TrySend(message) ?? false;
        }
    }

    /// <summary>Disarms the fence: no deadline any more. Call it when the group stops being active.</summary>
    /// <returns>True when the disarm was queued, or no fence runs (none can fire); false once disposed.</returns>
    public bool Disarm()
    {
        lock (_lock)
        {
            if (_disposal is not null)
            {
                return false;
            }

            return _fence is null || _fence.Exited.IsCompleted || _fence.TrySend(FenceMessage.Disarm);
        }
    }

    /// <summary>
    /// Disarms the fence, closes its stdin so that it exits, waits for it (up to 5 s; then it is killed with its process group)
    /// and stops reading its output. Nothing fires. Calling it again returns the same work.
    /// </summary>
    /// <returns>Completes when the fence is gone.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposal is null)
            {
                _fence?.TrySend(FenceMessage.Disarm);
                _disposal = StopAsync(_fence);
            }

            return new ValueTask(_disposal);
        }
    }

    /// <summary>
    /// For tests: closes the fence's stdin without disarming, as Hale's death would, then waits for it to end (up to 5 s; then
    /// it is killed). Armed, the fence fires. The instance is disposed afterwards.
    /// </summary>
    /// <returns>Completes when the fence is gone.</returns>
    internal Task AbandonAsync()
    {
        lock (_lock)
        {
            _disposal ??= StopAsync(_fence);
            return _disposal;
        }
    }

    private async Task StopAsync(FenceProcess? fence)
    {
        if (fence is null)
        {
            return;
        }

        fence.CloseInput();
        if (await Task.WhenAny(fence.Exited, Task.Delay(ExitWait, _time, CancellationToken.None)).ConfigureAwait(false) != fence.Exited)
        {
            fence.Kill();
        }

        await fence.ReleaseAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a fence process; else throws, or logs the failure once until a start succeeds. Called under the lock, or before publication.</summary>
    private FenceProcess? StartProcess(bool throwOnFailure)
    {
        FenceProcess fence;
        try
        {
            fence = FenceProcess.Start(_group, _command, _owner, Marker, OnLine, _time);
        }
        catch (ProcessStartException ex) when (!throwOnFailure)
        {
            if (!_startFailureLogged)
            {
                _startFailureLogged = true;
                Log.FenceStartFailed(_logger, _group, ex.Message);
            }

            return null;
        }

        _startFailureLogged = false;
        Log.FenceStarted(_logger, _group, fence.Pid);
        _ = fence.Exited.ContinueWith(t => OnExited(fence, t.Result), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return fence;
    }

    private void OnExited(FenceProcess fence, int exitCode)
    {
        lock (_lock)
        {
            if (_disposal is not null || !ReferenceEquals(fence, _fence))
            {
                return;
            }
        }

        Log.FenceExited(_logger, _group, fence.Pid, ProcessExit.FromRuntimeExitCode(exitCode, _time.GetUtcNow()).Describe());
    }

    private void OnLine(string line)
    {
        if (line.StartsWith(FiredPrefix, StringComparison.Ordinal))
        {
            var report = line[FiredPrefix.Length..];
            Log.FenceFired(_logger, _group, report);
            _onFired?.Invoke(report);
        }
        else
        {
            Log.FenceOutput(_logger, _group, line);
        }
    }
}
