using Hale.Actions;
using Hale.Config;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Runtime;

/// <summary>
/// <c>hale run --once</c>: start what is down and allowed (autoheal's run from cron), run every action once (heartbeat's
/// one-time run-through), then exit: 0 when all is well, 1 when a service could not be started or an action failed.
/// </summary>
internal static class OnceRun
{
    public static async Task<int> RunAsync(HaleConfiguration config, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Hale");
        var pass = await OncePass.RunAsync(config.Services, MonotonicTimeProvider.System, loggers.CreateLogger("Hale.Services"), cancellationToken);
        var failed = pass.NotStarted;

        // Actions read services as they are after the pass: a daemon found alive (or started) counts as ready.
        config.ServiceDirectory.Attach(name => pass.StatusOf(name, MonotonicTimeProvider.System.GetUtcNow()));
        var actionLogger = loggers.CreateLogger("Hale.Actions");
        var actionsFailed = 0;
        foreach (var action in config.Actions)
        {
            var runner = new ActionRunner(action, MonotonicTimeProvider.System, outcome =>
                actionLogger.Log(outcome.Succeeded ? LogLevel.Information : LogLevel.Warning, "Action {Action} {Side}: {Command}: {Result}", outcome.Action, outcome.Side, outcome.CommandLine, outcome.Result.Describe()));
            var cycle = await runner.RunCycleAsync(cancellationToken);
            actionLogger.LogInformation("Action {Action}: {Side} ({Reason})", action.Name, cycle.Side, cycle.Reason);
            actionsFailed += cycle.Succeeded ? 0 : 1;
        }

        if (failed.Count > 0 || actionsFailed > 0)
        {
            logger.LogWarning("One-time run-through done: not started [{Failed}], {Actions} actions failed", string.Join(", ", failed), actionsFailed);
            return ExitCodes.Failure;
        }

        logger.LogInformation("One-time run-through complete. Goodbye.");
        return ExitCodes.Ok;
    }
}
