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

/// <summary>
/// Hale's whole main job, built from one configuration model (whatever format it was read from): it owns every check, service,
/// action and load balancer, serves them over HTTP, and applies a new model by reconciling. What <c>hale run</c> hosts; a C#
/// program can host it the same way, or serve its endpoints inside its own ASP.NET Core application.
/// </summary>
/// <remarks>
/// <para><b>Lifecycle.</b> <see cref="StartAsync"/>: the checks that something inside Hale consumes start their schedules,
/// the HTTP listener binds, the services start (in dependency order), then the actions. <see cref="StopAsync"/>: every
/// promoted action is demoted (the last first), the servers bound to checks are drained then set to maint while the services
/// stop (dependents first, their servers drained before the signal), then the listener and the checks stop.</para>
/// <para><b>One owner per check.</b> A check consumed by a service (readiness, liveness, dependency), an action or an HAProxy
/// binding runs on one loop at its <c>every</c> (<see cref="HaleConfiguration.CheckEvery"/> by default); consumers read its
/// last result and react to its transitions at once. Checks only HTTP clients read are evaluated on request.</para>
/// <para><b>Reload.</b> <see cref="ApplyAsync"/> diffs the new model against the running one by definition: an unchanged
/// check keeps its instance, state and schedule; references between checks are resolved by name, so an unchanged service
/// follows a changed check; a service whose policies only changed keeps its process; <c>http.listen</c> and <c>haproxy:</c>
/// changes apply live. Everything is validated before anything is swapped.</para>
/// <para>Thread-safe: <see cref="StartAsync"/>, <see cref="ApplyAsync"/> and <see cref="StopAsync"/> are serialised.</para>
/// </remarks>
/// <example>
/// <code>
/// var model = HaleConfigLoader.Load("/etc/hale/hale.yaml");
/// await using var engine = new HaleEngine(model, new HaleEngineOptions { LoggerFactory = loggers });
/// await engine.StartAsync();
/// // ... on SIGHUP: await engine.ApplyAsync(HaleConfigLoader.Load("/etc/hale/hale.yaml"));
/// await engine.StopAsync();
/// </code>
/// </example>
public sealed partial class HaleEngine : IAsyncDisposable
{
    /// <summary>The control socket's file name in the state directory.</summary>
    public const string ControlSocketName = "hale.sock";

    /// <summary>The bound of a scheduled check's first-run delay (when its interval is longer).</summary>
    private static readonly TimeSpan FirstRunSpread = TimeSpan.FromSeconds(1);

    private readonly HaleEngineOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly CheckDirectory _checks = new();
    private readonly Dictionary<NamedCheck, Action<CheckTransition>> _subscriptions = new(ReferenceEqualityComparer.Instance);
    private readonly Supervisor _supervisor;
    private readonly ActionSet _actions;
    private readonly LocalGroupSet _groups;
    private readonly ElectionGroupSet _elections;
    private readonly MetricsExporter _metrics;
    private IDisposable? _observed;
    private readonly TransitionJournal _journal;
    private readonly ServiceTransitions _serviceTransitions;
    private readonly Dictionary<NamedCheck, Action<CheckTransition>> _journalled = new(ReferenceEqualityComparer.Instance);
    private HaleConfiguration _model;
    private CheckPlan _plan;
    private LoadBalancerBindings _balancers;
    private HealthCheckServer _server;
    private int _state;

    /// <summary>Builds the engine; nothing runs before <see cref="StartAsync"/>.</summary>
    /// <param name="model">The configuration (e.g. from <see cref="HaleConfigLoader"/>).</param>
    /// <param name="options">Hosting options; the defaults when null.</param>
    /// <exception cref="ArgumentException">The model is inconsistent (duplicate names, a binding to an unknown balancer).</exception>
    public HaleEngine(HaleConfiguration model, HaleEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new HaleEngineOptions();
        _loggers = _options.LoggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger("Hale");
        _time = _options.TimeProvider;
        _model = model;
        _journal = new TransitionJournal(_options.EventHistory, _time);
        _serviceTransitions = new ServiceTransitions(_journal);
        _plan = CheckPlan.Create(model, new Dictionary<string, OwnedCheck>(), _ => false, _ => false, _time);
        Supervisor.Validate(_plan.Services);
        _metrics = new MetricsExporter(MetricsCounts.Of(model, _plan.Components.Count, _plan.Services.Count));
        _balancers = CreateBalancers(model);
        _supervisor = new Supervisor(
            ForSupervisor(_plan.Services, _balancers, model),
            new SupervisorOptions { LoggerFactory = _loggers, Owner = model.StateDirectory, TimeProvider = _time });
        _groups = new LocalGroupSet(_time, _loggers.CreateLogger("Hale.Groups"), _journal);
        _elections = new ElectionGroupSet(_supervisor, name => _checks.Find(name), model.StateDirectory, _time, _loggers, _options.ConnectCoordinationStore, _journal);
        _server = CreateServer(model);
        foreach (var component in Served(_plan, model))
        {
            _server.AddComponent(component);
        }

        _actions = new ActionSet(_plan.Actions, model.ActionFingerprints, model.ActionInterval, _time, _loggers.CreateLogger("Hale.Actions"), _journal);
        model.Checks.RedirectTo(_checks);
        _checks.Publish(_plan.Components.Select(c => c.Check));
        model.ServiceDirectory.Attach(_supervisor);
        _supervisor.StatusChanged += OnServiceChanged;
    }

    /// <summary>The model running now (the last one applied).</summary>
    public HaleConfiguration Configuration => Volatile.Read(ref _model);

    /// <summary>The supervisor of the services (status, operator commands).</summary>
    public Supervisor Supervisor => _supervisor;

    /// <summary>The checks by name, as they run now (top-level checks; inline ones are reached through their consumers).</summary>
    public CheckDirectory Checks => _checks;

    /// <summary>The top-level checks as they run now, in file order.</summary>
    public IReadOnlyList<ComponentDefinition> Components => Volatile.Read(ref _plan).Components;

    /// <summary>The state of every load balancer, for status pages.</summary>
    public IReadOnlyList<LoadBalancerSnapshot> LoadBalancers => Volatile.Read(ref _balancers).Snapshot;

    /// <summary>The journal of transitions <c>GET /-/events</c> streams.</summary>
    internal TransitionJournal Events => _journal;

    /// <summary>The HTTP addresses bound (with the real port when 0 was asked); empty before start or when not serving HTTP.</summary>
    public IReadOnlyList<System.Net.IPEndPoint> BoundEndPoints => Volatile.Read(ref _server).BoundEndPoints;

    /// <summary>The clock of the engine.</summary>
    internal TimeProvider Time => _time;

    /// <summary>The failover groups' state, by name.</summary>
    internal IReadOnlyList<Status.GroupStatus> GroupStatuses => [.. _groups.Statuses.Concat(_elections.Statuses).OrderBy(g => g.Name, StringComparer.Ordinal)];

    /// <summary>The control socket's path for a configuration: <c>STATE_DIR/hale.sock</c>.</summary>
    /// <param name="model">The configuration.</param>
    /// <returns>The absolute path.</returns>
    public static string ControlSocketPath(HaleConfiguration model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(model.StateDirectory, ControlSocketName);
    }

    /// <summary>Starts the checks' schedules, binds the listener, starts the services in order, then the actions.</summary>
    /// <param name="cancellationToken">Stops waiting for the services' start order.</param>
    /// <returns>A task that completes when everything is started.</returns>
    /// <exception cref="IOException">An HTTP address or the control socket cannot be bound (nothing is left running).</exception>
    /// <exception cref="InvalidOperationException">Already started or stopped.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                throw new InvalidOperationException("the engine has already been started");
            }

            LogWarnings(_model);
            if (_model.HttpMetrics && MetricsEndpoint.IsShadowed(_server.Components))
            {
                Log.MetricsShadowed(_logger);
            }

            StartChecks(_plan);
            try
            {
                await StartServerAsync(_server, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await DisposeChecksAsync(_plan.Owned.Values.Select(o => o.Check)).ConfigureAwait(false);
                Volatile.Write(ref _state, 2);
                throw;
            }

            _balancers.Attach(_supervisor, BindableChecks(_plan, _model));
            await _supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
            _actions.Start();
            _groups.Start(_model.Groups, _model.Node);
            _elections.Start(_model.ElectionGroups, _model.Node, _model.Coordination);
            _observed = EngineGauges.Observe(this);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>
    /// Applies a new model by reconciling (see the remarks of <see cref="HaleEngine"/>). The model is validated before anything
    /// changes: an invalid one is rejected whole and the running configuration is untouched.
    /// </summary>
    /// <param name="next">The new model.</param>
    /// <param name="cancellationToken">Stops waiting for services to stop.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="ArgumentException">The model is inconsistent; nothing was changed.</exception>
    /// <exception cref="IOException">The new listen addresses cannot be bound; the old ones are served again and nothing else changed.</exception>
    /// <exception cref="InvalidOperationException">The engine is not running.</exception>
    public async Task<HaleReloadResult> ApplyAsync(HaleConfiguration next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(next);
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _state) != 1)
            {
                throw new InvalidOperationException("the engine is not running");
            }

            return await ApplyNeedsSerialAsync(next, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>
    /// Stops everything: demotes every promoted action (the last first), drains then sets to maint the servers bound to checks
    /// while the services stop (dependents first), then stops the listener and the checks. Calling it again does nothing.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (for drains, demotions and stops).</param>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _serial.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _state, 2) != 1)
            {
                return;
            }

            _observed?.Dispose();
            await Task.WhenAll(_groups.StopAsync(), _elections.StopAsync()).ConfigureAwait(false);
            await _actions.StopAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(_supervisor.StopAsync(cancellationToken), _balancers.ReleaseCheckServersAsync(cancellationToken)).ConfigureAwait(false);
            await _balancers.DisposeAsync().ConfigureAwait(false);
            await _server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await DisposeChecksAsync(_plan.Owned.Values.Select(o => o.Check)).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Stops (see <see cref="StopAsync"/>) if running, then releases everything.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _supervisor.StatusChanged -= OnServiceChanged;
        await _actions.DisposeAsync().ConfigureAwait(false);
        await _supervisor.DisposeAsync().ConfigureAwait(false);
        await _balancers.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        await DisposeChecksAsync(_plan.Owned.Values.Select(o => o.Check)).ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>What a <c>haproxy:</c> binding may follow: the top-level checks, and each failover group's role at <c>/NAME</c>.</summary>
    private IEnumerable<NamedCheck> BindableChecks(CheckPlan plan, HaleConfiguration model) =>
        plan.Components.Select(c => c.Check)
            .Concat(_groups.ComponentsFor(model.Groups).Concat(_elections.ComponentsFor(model.ElectionGroups)).Select(c => c.Check));

    /// <summary>What the HTTP server serves for a plan: its top-level checks, then one endpoint per failover group.</summary>
    private IEnumerable<Component> Served(CheckPlan plan, HaleConfiguration model) =>
        plan.Components.Select(c => new Component(c.Check, c.OnPost, c.Serve)).Concat(_groups.ComponentsFor(model.Groups)).Concat(_elections.ComponentsFor(model.ElectionGroups));

    private void LogWarnings(HaleConfiguration model)
    {
        foreach (var warning in model.Warnings)
        {
            Log.ConfigurationWarning(_logger, model.SourcePath, warning);
        }
    }

    /// <summary>The handler of Hale's endpoints (components, status, service control) for another ASP.NET Core application.</summary>
    internal RequestDelegate CreateHandler()
    {
        var server = Volatile.Read(ref _server);
        server.PublishRoutes();
        return server.CreateHandler();
    }

    private async Task StartServerAsync(HealthCheckServer server, CancellationToken cancellationToken)
    {
        if (_options.ServeHttp)
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            server.PublishRoutes();
        }
    }

    private void StartChecks(CheckPlan plan)
    {
        JournalChecks(plan);
        foreach (var owned in plan.Owned.Values)
        {
            if (!_subscriptions.ContainsKey(owned.Check))
            {
                var check = owned.Check;
                void Handler(CheckTransition t) => OnCheckTransition(check, t);
                _subscriptions[check] = Handler;
                check.Transitioned += Handler;
                CheckTree.StartAll(check);
            }

            if (owned.Every is { } every)
            {
                // The first run within [0, min(every, 1 s)), by a hash of the name: 10,000 checks do not fire together, and
                // every check still has its first result within a second of the start (or of the reload that added it).
                owned.Check.StartSchedule(every, every < FirstRunSpread ? every : FirstRunSpread);
            }
        }
    }

    /// <summary>
    /// Records the transitions of every top-level check of <paramref name="plan"/> in the journal (those on a schedule and those
    /// only evaluated on request), subscribed before any starts; a check no longer in the plan is no longer followed.
    /// </summary>
    private void JournalChecks(CheckPlan plan)
    {
        var current = new HashSet<NamedCheck>(plan.Components.Select(c => c.Check), ReferenceEqualityComparer.Instance);
        foreach (var (check, handler) in _journalled.Where(p => !current.Contains(p.Key)).ToList())
        {
            check.Transitioned -= handler;
            _journalled.Remove(check);
        }

        foreach (var check in current.Where(c => !_journalled.ContainsKey(c)))
        {
            void Handler(CheckTransition t) => _journal.RecordCheck(t);
            _journalled[check] = Handler;
            check.Transitioned += Handler;
        }
    }

    private async Task DisposeChecksAsync(IEnumerable<NamedCheck> checks)
    {
        foreach (var check in checks.ToList())
        {
            if (_subscriptions.Remove(check, out var handler))
            {
                check.Transitioned -= handler;
            }

            foreach (var part in CheckTree.Walk(check))
            {
                if (part is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private void OnCheckTransition(NamedCheck check, CheckTransition transition)
    {
        Log.Transition(_logger, transition.Check, transition.To, transition.From?.ToString() ?? "unknown", SafeText.ForLog(transition.Cause));
        if (ReferenceEquals(_checks.Find(check.Name), check)
            && Volatile.Read(ref _plan).Dependents.TryGetValue(check.Name, out var dependents))
        {
            foreach (var dependent in dependents)
            {
                dependent.RunNow();
            }
        }

        _supervisor.Reevaluate();
        _actions.Trigger();
        _elections.Wake();
    }

    private void OnServiceChanged(ServiceStatus status)
    {
        _serviceTransitions.Observe(status);
        foreach (var watcher in Volatile.Read(ref _plan).ServiceWatchers)
        {
            watcher.RunNow();
        }

        _actions.Trigger();
        _elections.Wake();
    }
}
