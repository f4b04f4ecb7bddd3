using Hale.Processes;

namespace Hale.Services;

/// <summary>
/// A daemon Hale does not own, started by a command; its "exit" is its liveness check failing, reported by the owner loop
/// through <see cref="ReportDead"/>.
/// </summary>
internal sealed class ExternalInstance(ServiceDefinition definition, TimeProvider time) : IServiceInstance
{
    private readonly TaskCompletionSource<ServiceInput.Exited> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int? Pid => null;

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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
