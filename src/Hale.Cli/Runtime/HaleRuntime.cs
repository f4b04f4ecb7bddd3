using Hale.Actions;
using Hale.Config;
using Hale.HAProxy;
using Hale.Hosting;
using Hale.LoadBalancers;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Runtime;

/// <summary>
/// Hale's main job, composed from one configuration: the supervisor of its services, the HTTP server of its checks (and
/// the control socket), and the loop of its actions. Started in that order after the listen addresses are bound; stopped
/// in the reverse order. A reload swaps the configuration without stopping what did not change.
/// </summary>
internal sealed class HaleRuntime : IAsyncDisposable
{
    public const string ControlSocketName = "hale.sock";
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Supervisor _supervisor;
    private readonly LoadBalancerBindings _balancers;
    private readonly HealthCheckServer _server;
    private HaleConfiguration _config;
    private ActionLoop _actions;

    private HaleRuntime(HaleConfiguration config, ILoggerFactory loggers)
    {
        _config = config;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Hale");
        _balancers = LoadBalancerBindings.Create(
            config.Balancers,
            config.BalancerBindings,
            definition => new HAProxyRuntimeClient(HAProxyEndpoint.Parse(definition.Socket), definition.Timeout, TimeProvider.System, definition.Name),
            loggers,
            TimeProvider.System);
        _supervisor = new Supervisor(_balancers.WithDrainHooks(config.Services), new SupervisorOptions { LoggerFactory = loggers, Owner = config.StateDirectory });
        config.ServiceDirectory.Attach(_supervisor);
        _server = new HealthCheckServer(new HealthCheckServerOptions
        {
            Listen = [.. config.Listen],
            LoggerFactory = loggers,
            Services = _supervisor,
            ControlAuth = config.ControlAuth,
            ControlSocketPath = ControlSocketPath(config),
            LoadBalancers = () => _balancers.Snapshot,
        });
        foreach (var component in config.Components)
        {
            _server.AddComponent(new Component(component.Check, component.OnPost, component.Serve));
        }

        _balancers.Attach(_supervisor, config.Components.Select(c => c.Check));
        _actions = CreateActionLoop(config);
        _supervisor.StatusChanged += _ => _actions.Trigger();
    }

    public HaleConfiguration Configuration => _config;

    public Supervisor Supervisor => _supervisor;

    public static string ControlSocketPath(HaleConfiguration config) => Path.Combine(config.StateDirectory, ControlSocketName);

    /// <summary>Binds the listen addresses, then starts the services in order, then the actions.</summary>
    /// <exception cref="IOException">An address cannot be bound (nothing was started).</exception>
    public static async Task<HaleRuntime> StartAsync(HaleConfiguration config, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var runtime = new HaleRuntime(config, loggers);
        await runtime._server.StartAsync(cancellationToken);
        await runtime._supervisor.StartAsync(cancellationToken);
        runtime._actions.Start();
        return runtime;
    }

    /// <summary>
    /// Applies a new configuration: services added, removed or changed are started, stopped or restarted; the others keep
    /// running; checks and actions are replaced. Listen addresses take effect only after a restart (logged).
    /// </summary>
    public async Task ReloadAsync(HaleConfiguration next, CancellationToken cancellationToken)
    {
        if (!next.Listen.SequenceEqual(_config.Listen))
        {
            _logger.LogWarning("http.listen changed; the new addresses take effect when Hale restarts");
        }

        next.ServiceDirectory.Attach(_supervisor);
        var previous = _config;
        if (!next.Balancers.SequenceEqual(previous.Balancers) || !next.BalancerBindings.SequenceEqual(previous.BalancerBindings))
        {
            _logger.LogWarning("haproxy changed; the new balancers and bindings take effect when Hale restarts");
        }

        var (added, removed, changed) = await _supervisor.ReconcileAsync(
            _balancers.WithDrainHooks(next.Services),
            name => previous.ServiceFingerprints.GetValueOrDefault(name) != next.ServiceFingerprints.GetValueOrDefault(name),
            cancellationToken);
        await _server.ReplaceComponentsAsync([.. next.Components.Select(c => new Component(c.Check, c.OnPost, c.Serve))]);
        _balancers.ReplaceChecks(next.Components.Select(c => c.Check));
        var oldActions = _actions;
        _actions = CreateActionLoop(next);
        await oldActions.DisposeAsync();
        _actions.Start();
        _config = next;
        _logger.LogInformation(
            "Reloaded {File}: services added [{Added}], removed [{Removed}], restarted [{Changed}]; {Checks} checks, {Actions} actions",
            next.SourcePath, string.Join(", ", added), string.Join(", ", removed), string.Join(", ", changed), next.Components.Count, next.Actions.Count);
    }

    /// <summary>Stops the actions, then the services (reverse order), then the HTTP server.</summary>
    public async Task StopAsync()
    {
        await _actions.DisposeAsync();
        await _supervisor.StopAsync();
        await _balancers.DisposeAsync();
        await _server.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _actions.DisposeAsync();
        await _supervisor.DisposeAsync();
        await _balancers.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ActionLoop CreateActionLoop(HaleConfiguration config)
    {
        var logger = _loggers.CreateLogger("Hale.Actions");
        var runners = config.Actions.Select(a => new ActionRunner(a, TimeProvider.System, outcome => LogOutcome(logger, outcome)));
        return new ActionLoop(
            runners,
            config.ActionInterval,
            TimeProvider.System,
            onCycle: null,
            onError: (action, ex) => logger.LogError(ex, "Action {Action} failed to run a cycle", action));
    }

    private static void LogOutcome(ILogger logger, ActionOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            logger.LogInformation("Action {Action} {Side}: {Command}: {Result}", outcome.Action, outcome.Side, outcome.CommandLine, outcome.Result.Describe());
        }
        else
        {
            logger.LogWarning("Action {Action} {Side} failed (retried next cycle): {Command}: {Result}", outcome.Action, outcome.Side, outcome.CommandLine, outcome.Result.Describe());
        }
    }
}
