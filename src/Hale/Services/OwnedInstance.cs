using Hale.Processes;

namespace Hale.Services;

/// <summary>
/// A child Hale spawned and owns, in its own process group; its exit is seen at once. The stop policy is read when the stop
/// is sent, so a reload that changed only the policy applies to the running child.
/// </summary>
internal sealed class OwnedInstance(OwnedProcess process, Func<StopPolicy> stop) : IServiceInstance
{
    public int? Pid => process.Pid;

    public Task<ServiceInput.Exited> Exited { get; } = WatchAsync(process);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        process.Signal(stop().Signal);
        return Task.CompletedTask;
    }

    public void Kill() => process.Signal(NativeMethods.SIGKILL);

    public ServiceSignalResult Signal(int signal) => process.SignalProcess(signal)
        ? new ServiceSignalResult(true, process.Pid, $"{ProcessSignals.Name(signal)} sent to pid {process.Pid}")
        : new ServiceSignalResult(false, process.Pid, $"pid {process.Pid} has exited; nothing sent");

    public ValueTask DisposeAsync() => process.DisposeAsync();

    private static async Task<ServiceInput.Exited> WatchAsync(OwnedProcess process)
    {
        var exit = await process.Exited.ConfigureAwait(false);
        return new ServiceInput.Exited(exit.Describe(), exit.At, exit.ExitCode, exit.Signal is { } signal ? ProcessSignals.Name(signal) : null);
    }
}
