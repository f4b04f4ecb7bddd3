using Hale.Checks;
using Hale.Config;
using Hale.HAProxy;
using Hale.Hosting.Events;
using Hale.Hosting.Engine;
using Hale.Hosting.Engine.Election;
using Hale.Hosting.Http;
using Hale.Hosting.Metrics;
using Hale.LoadBalancers;
using Hale.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Hale.Text;

namespace Hale.Hosting;

/// <summary>How the engine builds its parts from a model: the HTTP server, the load balancers and the services as the supervisor runs them.</summary>
public sealed partial class HaleEngine
{
    private HealthCheckServer CreateServer(HaleConfiguration model) => new(new HealthCheckServerOptions
    {
        Listen = [.. model.Listen],
        Limits = model.HttpLimits,
        LoggerFactory = _loggers,
        TimeProvider = _time,
        Services = _supervisor,
        ControlAuth = model.ControlAuth,
        AuthLimits = model.AuthLimits,
        ControlSocketPath = _options.ServeHttp ? ControlSocketPath(model) : null,
        LoadBalancers = () => Volatile.Read(ref _balancers).Snapshot,
        Groups = () => GroupStatuses,
        Actions = () => _actions.Runners,
        LoadBalancerBindings = () => Volatile.Read(ref _balancers).Bindings,
        ManageCheckLifetimes = false,
        Metrics = _metrics,
        MetricsEnabled = () => Volatile.Read(ref _model).HttpMetrics,
        Events = _journal,
        EventStreams = new EventStreamOptions { MaxClients = _options.MaxEventStreams },
    });

    private LoadBalancerBindings CreateBalancers(HaleConfiguration model)
    {
        var bindings = LoadBalancerBindings.Create(
            model.Balancers,
            model.BalancerBindings,
            _options.ConnectLoadBalancer ?? (definition => new HAProxyRuntimeClient(HAProxyEndpoint.Parse(definition.Socket), definition.Timeout, _time, definition.Name)),
            _loggers,
            _time);
        foreach (var reconciler in bindings.Reconcilers)
        {
            var balancer = reconciler.Name;
            reconciler.ServerApplied += (server, from, to, repaired) => _journal.Record(
                TransitionKind.Server,
                $"{balancer}/{server}",
                from?.ToString().ToLowerInvariant(),
                to.ToString().ToLowerInvariant(),
                repaired ? "drift repaired" : "applied");
        }

        return bindings;
    }

    /// <summary>
    /// The services as the supervisor runs them: a failover group's service starts with the group's variables (the fencing
    /// token, the fence's marker) and only while this member holds a live lease, and a service bound to a balancer drains before it stops (<see cref="WithDrainHooks"/>).
    /// </summary>
    private IReadOnlyList<ServiceDefinition> ForSupervisor(IReadOnlyList<ServiceDefinition> services, LoadBalancerBindings balancers, HaleConfiguration model) =>
        WithDrainHooks([.. services.Select(s => model.ElectionGroups.FirstOrDefault(g => g.Service == s.Name) is { } group
            ? s with { StartEnvironment = () => _elections.EnvironmentFor(group.Name), StartPermit = () => _elections.StartPermitFor(group.Name) }
            : s)], balancers);

    /// <summary>
    /// The services with a drain-before-stop hook where they are bound to a balancer. The hook drains through the bindings in
    /// force when the stop happens, so a service kept across a reload that changed <c>haproxy:</c> drains its new servers.
    /// </summary>
    private IReadOnlyList<ServiceDefinition> WithDrainHooks(IReadOnlyList<ServiceDefinition> services, LoadBalancerBindings balancers)
    {
        var hooked = balancers.WithDrainHooks(services);
        return [.. hooked.Select((service, i) => service.BeforeStop is null
            ? service
            : service with { BeforeStop = token => Volatile.Read(ref _balancers).DrainAsync(services[i].Name, token) })];
    }
}
