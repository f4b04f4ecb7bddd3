using Hale.Processes;

namespace Hale.Services;

/// <summary>
/// A daemon Hale does not own, started by a command; its "exit" is its liveness check failing, reported by the owner loop
/// through <see cref="ReportDead"/>. Its pid is read from <see cref="ServiceDefinition.PidFile"/> whenever it is asked for.
/// </summary>
internal sealed class ExternalInstance(ServiceDefinition definition, TimeProvider time) : IServiceInstance
{
    private readonly TaskCompletionSource<ServiceInput.Exited> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int? Pid => TryReadPid(out var pid, out _) ? pid : null;

    public Task<ServiceInput.Exited> Exited => _exited.Task;

    public void ReportDead(string detail) => _exited.TrySetResult(new ServiceInput.Exited($"not alive: {detail}", time.GetUtcNow()));

    /// <exception cref="InvalidOperationException">The stop command failed.</exception>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (definition.StopCommand is { } stop)
        {
            var outcome = await ShellCommand.RunAsync(stop, definition.CommandTimeout, time, killGroupOnExit: false, cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                // Logged as a failed stop by the owner loop; the stop timeout still applies.
                throw new InvalidOperationException($"{stop}: {outcome.Describe()}");
            }
        }
    }

    /// <summary>Hale cannot kill what it does not own: after the stop timeout it stops tracking the daemon.</summary>
    public void Kill() => _exited.TrySetResult(new ServiceInput.Exited("still alive after the stop timeout; no longer tracked", time.GetUtcNow()));

    public ServiceSignalResult Signal(int signal)
    {
        if (!TryReadPid(out var pid, out var problem))
        {
            return new ServiceSignalResult(false, null, problem);
        }

        return NativeMethods.KillProcess(pid, signal)
            ? new ServiceSignalResult(true, pid, $"{ProcessSignals.Name(signal)} sent to pid {pid} (from {definition.PidFile})")
            : new ServiceSignalResult(false, pid, $"pid {pid} (from {definition.PidFile}) could not be signalled: it is gone or not Hale's to signal");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private bool TryReadPid(out int pid, out string problem)
    {
        pid = 0;
        if (definition.PidFile is not { } path)
        {
            problem = "Hale does not know the pid of a daemon it does not own without a pid file (alive: { pid_file: … })";
            return false;
        }

        if (!PidFile.TryRead(path, out pid, out problem))
        {
            return false;
        }

        if (!ProcessTable.IsAlive(pid))
        {
            problem = $"pid {pid} from {path} is not running";
            pid = 0;
            return false;
        }

        return true;
    }
}
