using Hale.Checks;
using Hale.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.LoadBalancers;

/// <summary>
/// Connects Hale's services and checks to load balancers: one <see cref="LoadBalancerReconciler"/> per balancer, fed by
/// <see cref="Supervisor.StatusChanged"/> and <see cref="NamedCheck.Transitioned"/> for the configured bindings, and the
/// drain-before-stop hooks of the bound services. It never evaluates a check: a bound check's owner (the engine runs every
/// bound check on its own schedule) evaluates it, and its transitions drive the servers.
/// </summary>
/// <remarks>
/// <para>Use: <see cref="Create"/>; pass the services through <see cref="WithDrainHooks"/> before building the
/// <see cref="Supervisor"/>; <see cref="Attach"/> the supervisor and the checks (this starts the reconcilers); stop the
/// supervisor before disposing this, so the final states (maint) are applied.</para>
/// <para>A server bound to several services or checks takes the state of the last change among them.</para>
/// <para>Thread-safe; event handlers only hand desired states to the reconcilers' loops.</para>
/// </remarks>
public sealed class LoadBalancerBindings : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, LoadBalancerReconciler> _reconcilers;
    private readonly ILookup<string, LoadBalancerBinding> _byService;
    private readonly ILookup<string, LoadBalancerBinding> _byCheck;
    private readonly ILogger _logger;
    private readonly List<(NamedCheck Check, Action<CheckTransition> Handler)> _checkHandlers = [];
    private Supervisor? _supervisor;

    private LoadBalancerBindings(
        IReadOnlyDictionary<string, LoadBalancerReconciler> reconcilers, IReadOnlyList<LoadBalancerBinding> bindings, ILogger logger)
    {
        _reconcilers = reconcilers;
        Bindings = bindings;
        _byService = bindings.Where(b => b.Source == BindingSource.Service).ToLookup(b => b.Name, StringComparer.Ordinal);
        _byCheck = bindings.Where(b => b.Source == BindingSource.Check).ToLookup(b => b.Name, StringComparer.Ordinal);
        _logger = logger;
    }

    /// <summary>The reconcilers, one per balancer, in definition order.</summary>
    public IReadOnlyList<LoadBalancerReconciler> Reconcilers => [.. _reconcilers.Values];

    /// <summary>The bindings.</summary>
    public IReadOnlyList<LoadBalancerBinding> Bindings { get; }

    /// <summary>Every balancer's state, for status pages.</summary>
    public IReadOnlyList<LoadBalancerSnapshot> Snapshot => [.. _reconcilers.Values.Select(r => r.Snapshot)];

    /// <summary>Creates a reconciler per balancer; nothing is called before <see cref="Attach"/>.</summary>
    /// <param name="balancers">The balancers; names are unique.</param>
    /// <param name="bindings">The bindings; each names one of <paramref name="balancers"/>.</param>
    /// <param name="connect">Creates the runtime API client of a balancer (e.g. Hale.HAProxy's); called once per balancer, here.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The bindings.</returns>
    /// <exception cref="ArgumentException">Two balancers share a name, or a binding names an unknown balancer.</exception>
    public static LoadBalancerBindings Create(
        IEnumerable<BalancerDefinition> balancers,
        IEnumerable<LoadBalancerBinding> bindings,
        Func<BalancerDefinition, ILoadBalancerRuntime> connect,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(balancers);
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(connect);
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("Hale.LoadBalancers");
        var definitions = balancers.ToList();
        var bindingList = bindings.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!names.Add(definition.Name))
            {
                throw new ArgumentException($"two load balancers are named '{definition.Name}'", nameof(balancers));
            }
        }

        if (bindingList.FirstOrDefault(b => !names.Contains(b.Balancer)) is { } unknown)
        {
            throw new ArgumentException($"{unknown.Source.ToString().ToLowerInvariant()} '{unknown.Name}' is bound to unknown load balancer '{unknown.Balancer}'", nameof(bindings));
        }

        var reconcilers = new Dictionary<string, LoadBalancerReconciler>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            reconcilers[definition.Name] = new LoadBalancerReconciler(connect(definition), definition, logger, timeProvider);
        }

        return new LoadBalancerBindings(reconcilers, bindingList, logger);
    }

    /// <summary>
    /// The services with a <see cref="ServiceDefinition.BeforeStop"/> that drains their servers (see <see cref="DrainAsync"/>),
    /// bounded by the longest drain timeout of their balancers plus two call timeouts. Services without bindings are returned unchanged.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services, in the same order.</returns>
    public IReadOnlyList<ServiceDefinition> WithDrainHooks(IEnumerable<ServiceDefinition> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return [.. services.Select(WithDrainHook)];
    }

    /// <summary>Subscribes to the services' and checks' changes, sets the current states as desired, and starts the reconcilers.</summary>
    /// <param name="supervisor">The supervisor running the bound services.</param>
    /// <param name="checks">The top-level checks; those not bound are ignored.</param>
    /// <exception cref="InvalidOperationException">Already attached.</exception>
    public void Attach(Supervisor supervisor, IEnumerable<NamedCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        ArgumentNullException.ThrowIfNull(checks);
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("already attached");
        }

        _supervisor = supervisor;
        supervisor.StatusChanged += OnServiceChanged;
        foreach (var status in supervisor.Statuses)
        {
            OnServiceChanged(status);
        }

        SubscribeChecks(checks);
        foreach (var reconciler in _reconcilers.Values)
        {
            reconciler.Start();
        }
    }

    /// <summary>Follows new instances of the checks (after a reload replaced them): unsubscribes from the old ones, subscribes to these and sets their current states.</summary>
    /// <param name="checks">The top-level checks; those not bound are ignored.</param>
    public void ReplaceChecks(IEnumerable<NamedCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        lock (_checkHandlers)
        {
            UnsubscribeChecks_NeedsLock();
        }

        SubscribeChecks(checks);
    }

    /// <summary>
    /// Drains every server bound to <paramref name="service"/>, on all its balancers at once (each bounded by its drain timeout).
    /// Never throws because of a balancer.
    /// </summary>
    /// <param name="service">The service's name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when every server is drained, or given up.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task DrainAsync(string service, CancellationToken cancellationToken)
    {
        var drains = _byService[service]
            .GroupBy(b => b.Balancer, StringComparer.Ordinal)
            .Select(g => _reconcilers[g.Key].DrainAsync([.. g.Select(b => b.Server)], cancellationToken));
        try
        {
            await Task.WhenAll(drains).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DrainFailed(_logger, service, ex.Message);
        }
    }

    /// <summary>
    /// Takes every server bound to a check out of rotation, as Hale shuts down: stops following the checks, drains the servers
    /// (each balancer bounded by its drain timeout), then sets them to maint. Servers bound to services follow their services'
    /// stops instead. Never throws because of a balancer.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the drain (the servers still go to maint).</param>
    /// <returns>A task that completes when maint is the desired state of every check-bound server.</returns>
    public async Task ReleaseCheckServersAsync(CancellationToken cancellationToken)
    {
        lock (_checkHandlers)
        {
            UnsubscribeChecks_NeedsLock();
        }

        var bound = _byCheck.SelectMany(g => g).ToList();
        var drains = bound
            .GroupBy(b => b.Balancer, StringComparer.Ordinal)
            .Select(g => _reconcilers[g.Key].DrainAsync([.. g.Select(b => b.Server)], cancellationToken));
        try
        {
            await Task.WhenAll(drains).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.DrainFailed(_logger, "checks", ex.Message);
        }

        SetAll(bound, ServerAdminState.Maint);
    }

    /// <summary>Unsubscribes, then disposes the reconcilers (each applies what is pending first).</summary>
    /// <returns>A task that completes when every reconciler has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_supervisor is not null)
        {
            _supervisor.StatusChanged -= OnServiceChanged;
        }

        lock (_checkHandlers)
        {
            UnsubscribeChecks_NeedsLock();
        }

        foreach (var reconciler in _reconcilers.Values)
        {
            await reconciler.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ServiceDefinition WithDrainHook(ServiceDefinition service)
    {
        var bound = _byService[service.Name].ToList();
        if (bound.Count == 0)
        {
            return service;
        }

        var limit = bound.Select(b => _reconcilers[b.Balancer].Definition).Max(d => d.DrainTimeout + d.Timeout + d.Timeout);
        var name = service.Name;
        return service with { BeforeStop = token => DrainAsync(name, token), BeforeStopTimeout = limit };
    }

    private void SubscribeChecks(IEnumerable<NamedCheck> checks)
    {
        foreach (var check in checks)
        {
            if (!_byCheck.Contains(check.Name))
            {
                continue;
            }

            void Handler(CheckTransition t) => SetAll(_byCheck[t.Check], ServerStateMapping.ForCheck(t.To));
            check.Transitioned += Handler;
            lock (_checkHandlers)
            {
                _checkHandlers.Add((check, Handler));
            }

            if (check.Snapshot.Status is { } status)
            {
                SetAll(_byCheck[check.Name], ServerStateMapping.ForCheck(status));
            }
        }
    }

    private void UnsubscribeChecks_NeedsLock()
    {
        foreach (var (check, handler) in _checkHandlers)
        {
            check.Transitioned -= handler;
        }

        _checkHandlers.Clear();
    }

    private void OnServiceChanged(ServiceStatus status)
    {
        if (_byService.Contains(status.Name))
        {
            SetAll(_byService[status.Name], ServerStateMapping.ForService(status.State));
        }
    }

    private void SetAll(IEnumerable<LoadBalancerBinding> bindings, ServerAdminState state)
    {
        foreach (var binding in bindings)
        {
            _reconcilers[binding.Balancer].SetDesired(binding.Server, state);
        }
    }
}
