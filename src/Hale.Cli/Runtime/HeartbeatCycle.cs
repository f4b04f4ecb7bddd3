using Hale.Checks;
using Hale.Config;
using Hale.Config.Importers.Heartbeat;
using Hale.Processes;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Runtime;

/// <summary>
/// One cycle of heartbeat (COMPAT.md §4), as <c>hale heartbeat</c> runs it: every check probed at once (at most
/// <c>threads</c> together), a <c>[Service Check]</c> line for each (healthy at debug, unhealthy at error, as heartbeat
/// logged them), then every action's demotion if any check is unhealthy, else every promotion; each distinct command once.
/// The checks and commands are those of the converted native configuration, so the cycle does what <c>hale run</c> of
/// that configuration does. Cycles of one instance must not overlap.
/// </summary>
internal sealed class HeartbeatCycle(HeartbeatFile file, HaleConfiguration native, ILogger logger, int threads)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, threads));

    /// <summary>Runs one cycle; never throws but for cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var checks = native.Components.ToDictionary(c => c.Name, c => (ICheck)c.Check, StringComparer.Ordinal);
        var results = await Task.WhenAll(file.Checks.Select(c => ProbeAsync(checks[c.Name], cancellationToken))).ConfigureAwait(false);
        var healthy = true;
        for (var i = 0; i < file.Checks.Count; i++)
        {
            var check = file.Checks[i];
            var ok = results[i].IsOk;
            healthy &= ok;
            logger.Log(
                ok ? LogLevel.Debug : LogLevel.Error,
                "[Service Check] Name: {Name}, Endpoint: {Host}:{Port}, Type: {Type}, Timeout: {Timeout}, Status: {Status}",
                check.Name, check.Host, check.Port, check.TypeText, HeartbeatYamlWriter.Number(check.TimeoutSeconds), ok ? "Healthy" : "Unhealthy");
        }

        if (healthy)
        {
            logger.LogDebug("All critical services are up.");
            logger.LogDebug("Running healthy node promotion actions.");
        }
        else
        {
            logger.LogInformation("One or more critical services detected down. Running node demotion actions.");
        }

        foreach (var action in native.Actions)
        {
            foreach (var command in healthy ? action.Promote : action.Demote)
            {
                await RunActionAsync(command, action.Timeout, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<CheckResult> ProbeAsync(ICheck check, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SafeCheck.EvaluateAsync(check, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>A failed command (non-zero exit, timeout, missing executable) is logged with its output and exit code, never thrown.</summary>
    private async Task RunActionAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        logger.LogDebug("Running: {Command}", command);
        var outcome = await ShellCommand.RunAsync(command, timeout, MonotonicTimeProvider.System, killGroupOnExit: false, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            return;
        }

        logger.LogError("Action failed: {Output}.", outcome.Output.Trim());
        if (outcome.StartError is { } startError)
        {
            logger.LogError("Action could not start: {Error}.", startError);
        }
        else if (outcome.TimedOut)
        {
            logger.LogError("Action timed out after {Seconds} s.", timeout.TotalSeconds);
        }
        else
        {
            logger.LogError("Action returned a non-zero exit code: {ExitCode}.", outcome.ExitCode);
        }
    }
}
