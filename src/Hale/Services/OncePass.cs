using Hale.Checks;
using Hale.Processes;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Services;

/// <summary>
/// One pass over the services, as autoheal's and heartbeat's run-once (for cron): in start order (dependencies first, then
/// <see cref="ServiceDefinition.Order"/>, as <see cref="Supervisor"/> starts them), each service that is not
/// alive is started by its start command when every dependency is up; a dependency down skips that service (logged, with
/// which dependency) and the pass goes on with the others (the original aborted the whole run: Hale fixes).
/// </summary>
public static class OncePass
{
    /// <summary>Runs the pass.</summary>
    /// <param name="services">The services, in file order (sorted by dependency, then <see cref="ServiceDefinition.Order"/>, then file order).</param>
    /// <param name="timeProvider">The clock for command timeouts.</param>
    /// <param name="logger">Where each decision is logged.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The services that could not be started, and which services are alive at the end.</returns>
    /// <remarks>A service Hale owns (<c>run:</c>) cannot outlive a one-shot Hale: it is reported as not started.</remarks>
    /// <exception cref="ArgumentException">The services depend on each other in a cycle.</exception>
    public static async Task<OncePassResult> RunAsync(
        IReadOnlyList<ServiceDefinition> services, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failed = new List<string>();
        var alive = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var service in DependencyOrder.StartGroups(services, s => s).SelectMany(g => g))
        {
            var ok = await RunOneAsync(service, alive, timeProvider, logger, cancellationToken).ConfigureAwait(false);
            alive[service.Name] = ok;
            if (!ok)
            {
                failed.Add(service.Name);
            }
        }

        return new OncePassResult(failed, alive);
    }

    private static async Task<bool> RunOneAsync(
        ServiceDefinition service, Dictionary<string, bool> alive, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (service.IsOwned)
        {
            Log.Problem(logger, service.Name, "owned services (run:) need 'hale run'; not started by a one-shot pass");
            return false;
        }

        var now = await EvaluateAsync(service.Alive!, cancellationToken).ConfigureAwait(false);
        if (now.IsOk)
        {
            logger.LogInformation("Service {Service} is alive: {Detail}", service.Name, now.Detail);
            return true;
        }

        foreach (var dependency in service.DependsOn)
        {
            var up = dependency.IsService
                ? alive.GetValueOrDefault(dependency.Name)
                : (await EvaluateAsync(dependency.Check!, cancellationToken).ConfigureAwait(false)).IsOk;
            if (!up)
            {
                Log.Problem(logger, service.Name, $"is down ({SafeText.ForLog(now.Detail)}) but dependency {dependency.Name} is down too: skipped");
                return false;
            }
        }

        var outcome = await ShellCommand.RunAsync(service.StartCommand!, service.CommandTimeout, time, killGroupOnExit: false, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Service {Service} was down ({Why}); ran {Command}: {Outcome}", service.Name, now.Detail, service.StartCommand, outcome.Describe());
        return outcome.Succeeded;
    }

    private static ValueTask<CheckResult> EvaluateAsync(ICheck check, CancellationToken cancellationToken) =>
        SafeCheck.EvaluateAsync(check, cancellationToken);
}
