using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Hale.Processes;

namespace Hale.Failover;

/// <summary>
/// One running watchdog process of a <see cref="LeaseFence"/>: <c>setsid /bin/bash -c <see cref="FenceScript.Text"/></c>, its
/// stdin fed by a writer task, its stdout and stderr read line by line.
/// </summary>
/// <remarks>
/// Messages go through a channel of capacity one that drops the oldest: only the latest arm or disarm matters, and
/// <see cref="TrySend"/> never blocks nor throws, even when the fence is stuck and its pipe full. An arm's milliseconds are
/// computed when the line is written, from the time the arm was asked for, so a delay in the writer shortens the deadline
/// (the safe side). Thread-safe.
/// </remarks>
internal sealed class FenceProcess
{
    /// <summary>Longest arm sent: <see cref="int.MaxValue"/> ms (about 24.8 days).</summary>
    private const long MaxArmMilliseconds = int.MaxValue;
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly TimeProvider _time;
    private readonly Channel<FenceMessage> _messages = Channel.CreateBounded<FenceMessage>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly TaskCompletionSource<int> _exited;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Lock _outputLock = new();
    private readonly Action<string> _onLine;
    private readonly Task _output;

    private FenceProcess(Process process, TaskCompletionSource<int> exited, Action<string> onLine, TimeProvider timeProvider)
    {
        _process = process;
        _exited = exited;
        _onLine = onLine;
        _time = timeProvider;
        Pid = process.Id;
        _output = Task.WhenAll(
            Task.Run(() => OutputLineReader.PumpAsync(process.StandardOutput.BaseStream, OutputStream.Stdout, Deliver, _stopReading.Token)),
            Task.Run(() => OutputLineReader.PumpAsync(process.StandardError.BaseStream, OutputStream.Stderr, Deliver, _stopReading.Token)));
        _ = Task.Run(WriteAsync);
    }

    /// <summary>
    /// The fence's nice value, -10, set where Hale may (root or CAP_SYS_NICE; otherwise it keeps Hale's): under CPU load it is
    /// scheduled ahead of ordinary processes, so that it fires on time. Its fence command inherits it.
    /// </summary>
    public const int Nice = -10;

    /// <summary>The fence's pid, which is also its session and process group id.</summary>
    public int Pid { get; }

    /// <summary>Completes with the runtime's exit code (128 + n for signal n) once the fence is reaped. Never faults.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Starts a fence and waits (a few milliseconds, at most 5 s) until it leads its own session.</summary>
    /// <param name="groupName">Passed as <c>$1</c>, so that <c>ps</c> shows whose fence it is.</param>
    /// <param name="fenceCommand">Put in <c>HALE_FENCE_COMMAND</c>; null or empty for none.</param>
    /// <param name="owner">Put in <c>HALE_OWNER</c>.</param>
    /// <param name="marker">Put in <c>HALE_FENCE_MARKER</c>: firing kills the processes marked <c>HALE_FENCE=</c>it.</param>
    /// <param name="onLine">Receives each line of its output, one at a time, on a pool thread; exceptions are swallowed.</param>
    /// <param name="timeProvider">The clock for arms and for the output grace period.</param>
    /// <returns>The running fence.</returns>
    /// <exception cref="ProcessStartException"><c>setsid</c> or <c>/bin/bash</c> could not be started.</exception>
    public static FenceProcess Start(string groupName, string? fenceCommand, string owner, string marker, Action<string> onLine, TimeProvider timeProvider)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("/bin/bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(FenceScript.Text);
        info.ArgumentList.Add("hale-fence");
        info.ArgumentList.Add(groupName);
        info.Environment.Remove("BASH_ENV");
        info.Environment.Remove("ENV");
        info.Environment[ProcessSpec.OwnerVariable] = owner;
        info.Environment[LeaseFence.MarkerToFenceVariable] = marker;
        info.Environment.Remove(LeaseFence.MarkerVariable); // a Hale started by a fenced service must not be swept by its own fence
        if (string.IsNullOrEmpty(fenceCommand))
        {
            info.Environment.Remove(LeaseFence.CommandVariable);
        }
        else
        {
            info.Environment[LeaseFence.CommandVariable] = fenceCommand;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult(process.ExitCode);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new ProcessStartException($"cannot start the fence of group '{groupName}': {ex.Message}", ex);
        }

        ProcessLaunch.WaitUntilExecuted(process.Id);
        NativeMethods.TrySetNice(process.Id, Nice); // where permitted: a loaded machine must not delay the fence past its margin
        return new FenceProcess(process, exited, onLine, timeProvider);
    }

    /// <summary>Queues <paramref name="message"/>, replacing one not written yet. Never blocks nor throws.</summary>
    /// <returns>False when input is closed (<see cref="CloseInput"/>) or the fence has exited.</returns>
    public bool TrySend(FenceMessage message) => !_exited.Task.IsCompleted && _messages.Writer.TryWrite(message);

    /// <summary>Closes the fence's stdin once the queued message is written: armed, it fires at once; disarmed, it exits 0.</summary>
    public void CloseInput() => _messages.Writer.TryComplete();

    /// <summary>Sends SIGKILL to the fence's process group (the fence and a fence command it may be running).</summary>
    public void Kill()
    {
        NativeMethods.KillProcessGroup(Pid, NativeMethods.SIGKILL);
        if (!_exited.Task.IsCompleted)
        {
            NativeMethods.KillProcess(Pid, NativeMethods.SIGKILL);
        }
    }

    /// <summary>Once the fence has exited: waits up to 500 ms for its output to drain, stops reading and releases the process.</summary>
    /// <returns>Completes when done.</returns>
    public async Task ReleaseAsync()
    {
        CloseInput();
        await _exited.Task.ConfigureAwait(false);
        await OutputDrain.FinishAsync(_output, _stopReading, OutputGrace, _time).ConfigureAwait(false);
        _process.Dispose();
        _stopReading.Dispose();
    }

    /// <summary>The line for <paramref name="message"/>, its arm time counted down to now.</summary>
    internal static string Format(FenceMessage message, TimeProvider timeProvider)
    {
        if (message.Remaining is not { } remaining)
        {
            return "disarm\n";
        }

        var left = remaining - timeProvider.GetElapsedTime(message.ArmedAt);
        var milliseconds = left <= TimeSpan.Zero ? 0 : Math.Min((long)left.TotalMilliseconds, MaxArmMilliseconds);
        return string.Create(CultureInfo.InvariantCulture, $"arm {milliseconds} {message.ProcessGroup}\n");
    }

    private async Task WriteAsync()
    {
        var stdin = _process.StandardInput.BaseStream;
        try
        {
            await foreach (var message in _messages.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                // One write of a short line: the pipe delivers it whole (PIPE_BUF), so read -t never sees half of it.
                await stdin.WriteAsync(Encoding.ASCII.GetBytes(Format(message, _time))).ConfigureAwait(false);
                await stdin.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The fence is gone (EPIPE): its exit is reported by Exited.
        }
        finally
        {
            _messages.Writer.TryComplete();
            try
            {
                _process.StandardInput.Close();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Closing a pipe whose reader is gone.
            }
        }
    }

    private void Deliver(OutputLine line)
    {
        lock (_outputLock)
        {
            try
            {
                _onLine(line.Text);
            }
            catch (Exception)
            {
                // A failing callback loses its line; reading must go on or the fence would block on a full pipe.
            }
        }
    }
}
