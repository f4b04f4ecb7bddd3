using Hale.Checks;
using Hale.Logs;
using Hale.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Services;

/// <summary>
/// Keeps a set of services alive: each on its own loop, started in dependency order (a service after the services it
/// depends on; <see cref="ServiceDefinition.Order"/> only breaks ties) and stopped in the exact reverse order (dependents
/// first). A service never starts while one of its dependencies is unhealthy. One failing service never stops the others,
/// and never stops Hale.
/// </summary>
/// <remarks>Thread-safe. Status snapshots are immutable; commands are handed to the service's loop.</remarks>
public sealed class Supervisor : IAsyncDisposable
{
    private readonly SupervisorOptions _options;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private Dictionary<string, ServiceSupervisor> _byName;
    private IReadOnlyList<IReadOnlyList<ServiceSupervisor>> _orderGroups = [];

    /// <summary>Creates the supervisor; nothing starts before <see cref="StartAsync"/>.</summary>
    /// <param name="services">The services; names are unique.</param>
    /// <param name="options">Clock, logging and owner marker; defaults when null.</param>
    /// <exception cref="ArgumentException">
    /// Two services share a name, a service depends on a service that does not exist, or services depend on each other in a cycle.
    /// </exception>
    public Supervisor(IEnumerable<ServiceDefinition> services, SupervisorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        _options = options ?? new SupervisorOptions();
        var factory = _options.LoggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger("Hale.Services");
        var definitions = services.ToList();
        Validate(definitions);
        _byName = new Dictionary<string, ServiceSupervisor>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            _byName[definition.Name] = CreateLoop(definition);
        }

        Regroup_NeedsLock();
    }

    /// <summary>Raised on every status change of any service, on that service's loop. Handlers must be quick and not throw.</summary>
    public event Action<ServiceStatus>? StatusChanged;

    /// <summary>The status of every service, in start order.</summary>
    public IReadOnlyList<ServiceStatus> Statuses => [.. Volatile.Read(ref _orderGroups).SelectMany(g => g).Select(s => s.Status)];

    /// <summary>The definitions, in start order.</summary>
    public IReadOnlyList<ServiceDefinition> Definitions => [.. Volatile.Read(ref _orderGroups).SelectMany(g => g).Select(s => s.Definition)];

    /// <summary>One service's status, or null when there is no such service.</summary>
    /// <param name="service">The name.</param>
    /// <returns>The status.</returns>
    public ServiceStatus? GetStatus(string service) => Volatile.Read(ref _byName).TryGetValue(service, out var loop) ? loop.Status : null;

    /// <summary>One service's own log (its recent output lines, followers, files), or null when there is no such service.</summary>
    /// <param name="service">The name.</param>
    /// <returns>The log; the same instance across restarts of the service, closed when a reload removes it.</returns>
    internal ServiceLog? GetLog(string service) => Volatile.Read(ref _byName).TryGetValue(service, out var loop) ? loop.OutputLog : null;

    /// <summary>A check that is OK while <paramref name="service"/> is ready, for actions and HTTP components.</summary>
    /// <param name="service">The name.</param>
    /// <returns>The check.</returns>
    public ICheck HealthCheckFor(string service) => new ServiceHealthCheck(GetStatus, service);

    /// <summary>
    /// Kills what a previous Hale with the same owner left behind (after a SIGKILL), then starts the services one start group
    /// at a time (dependencies before dependents, then by <see cref="ServiceDefinition.Order"/>): a group's services are started
    /// together, and the next group waits until each has settled (ready, running, backing off, held or waiting for a dependency)
    /// or <see cref="SupervisorOptions.OrderGroupTimeout"/> passed.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting between groups.</param>
    /// <returns>A task that completes when every group has been started.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var leftovers = ProcessTable.KillLeftovers(_options.Owner);
        if (leftovers > 0)
        {
            Log.LeftoversKilled(_logger, leftovers, _options.Owner);
        }

        foreach (var group in Volatile.Read(ref _orderGroups))
        {
            foreach (var loop in group)
            {
                loop.Start();
            }

            await Task.WhenAll(group.Select(loop => loop.WaitForAsync(IsSettled, _options.OrderGroupTimeout, cancellationToken))).ConfigureAwait(false);
        }
    }

    /// <summary>Hands an operator's command to a service's loop.</summary>
    /// <param name="service">The name.</param>
    /// <param name="command">Start, stop, restart or reset.</param>
    /// <returns>False when there is no such service.</returns>
    public bool Send(string service, ServiceCommand command)
    {
        if (!Volatile.Read(ref _byName).TryGetValue(service, out var loop))
        {
            return false;
        }

        Log.OperatorCommand(_logger, service, command);
        loop.Post(new ServiceInput.Operator(command));
        return true;
    }

    /// <summary>
    /// Evaluates every service's readiness, liveness and dependencies now (a check they consume changed), instead of at their
    /// next poll. Thread-safe; returns at once.
    /// </summary>
    public void Reevaluate()
    {
        foreach (var loop in Volatile.Read(ref _byName).Values)
        {
            loop.PollNow();
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to a service's main process (<c>hale ctl signal</c>): an owned child's pid (not its
    /// group), or the pid in a daemon's <see cref="ServiceDefinition.PidFile"/>. Not a stop: the service's state machine is
    /// told nothing, and a signal that ends the process is an exit like a crash (restarted with backoff).
    /// </summary>
    /// <param name="service">The name.</param>
    /// <param name="signal">A signal number (1..64), e.g. from <see cref="ProcessSignals.Parse"/>.</param>
    /// <returns>Null when there is no such service; otherwise whether it was sent, to which pid, or why not (not running, no pid known).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not in 1..64.</exception>
    public ServiceSignalResult? Signal(string service, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(signal, NativeMethods.MaxSignal);
        return Volatile.Read(ref _byName).TryGetValue(service, out var loop) ? loop.Signal(signal) : null;
    }

    /// <summary>
    /// Stops every service in the exact reverse of the start order (dependents before their dependencies; among independent
    /// services the highest <see cref="ServiceDefinition.Order"/> first), waiting for each group (SIGKILL after each stop timeout).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when every service has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        foreach (var group in DependencyOrder.StopGroups(Volatile.Read(ref _orderGroups)))
        {
            await StopLoopsAsync(group, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies a reloaded configuration: services no longer defined are stopped and removed, new ones are started, and
    /// services whose definition <paramref name="changed"/> are stopped and started anew; the others keep running untouched.
    /// The leaving services stop in the reverse of the running start order (dependents first); the new ones are started in
    /// the new start order. A restarted service keeps its log (the recent output lines and their followers); a removed one's
    /// log is closed.
    /// </summary>
    /// <param name="definitions">The new set of services.</param>
    /// <param name="changed">Whether the definition of a service present in both sets changed.</param>
    /// <param name="cancellationToken">Stops waiting for stops.</param>
    /// <param name="updateInPlace">
    /// Of the changed services, those whose change leaves the process as it is (policies only: restart, stop, limits,
    /// readiness, dependencies, order): their new definition is applied by their loop without a restart. Null: none.
    /// </param>
    /// <returns>The names of the services added, removed and restarted (a service updated in place is in none of them).</returns>
    /// <exception cref="ArgumentException">The new set is invalid (duplicate names, unknown service dependencies, a dependency cycle); nothing was changed.</exception>
    public async Task<(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed)> ReconcileAsync(
        IReadOnlyList<ServiceDefinition> definitions, Func<string, bool> changed, CancellationToken cancellationToken = default, Func<string, bool>? updateInPlace = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(changed);
        Validate(definitions);
        var current = Volatile.Read(ref _byName);
        var next = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var removed = current.Keys.Where(n => !next.ContainsKey(n)).ToList();
        var updated = current.Keys.Where(n => next.ContainsKey(n) && changed(n) && updateInPlace?.Invoke(n) == true).ToList();
        var replaced = current.Keys.Where(n => next.ContainsKey(n) && changed(n) && !updated.Contains(n)).ToList();
        var added = next.Keys.Where(n => !current.ContainsKey(n)).ToList();

        var leaving = removed.Concat(replaced).Select(n => current[n]).ToList();
        foreach (var group in DependencyOrder.StopGroups(Volatile.Read(ref _orderGroups)))
        {
            var stopping = group.Where(leaving.Contains).ToList();
            if (stopping.Count > 0)
            {
                await StopLoopsAsync(stopping, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var loop in leaving)
        {
            loop.StatusChanged -= OnStatusChanged;
            await loop.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var name in removed)
        {
            await current[name].OutputLog.DisposeAsync().ConfigureAwait(false);
        }

        var starting = new List<ServiceSupervisor>();
        lock (_lock)
        {
            var byName = new Dictionary<string, ServiceSupervisor>(StringComparer.Ordinal);
            foreach (var definition in definitions)
            {
                if (current.TryGetValue(definition.Name, out var kept) && !replaced.Contains(definition.Name))
                {
                    byName[definition.Name] = kept;
                    if (updated.Contains(definition.Name))
                    {
                        kept.Redefine(definition);
                    }
                }
                else
                {
                    var loop = CreateLoop(definition, replaced.Contains(definition.Name) ? current[definition.Name].OutputLog : null);
                    byName[definition.Name] = loop;
                    starting.Add(loop);
                }
            }

            Volatile.Write(ref _byName, byName);
            Regroup_NeedsLock();
        }

        foreach (var loop in Volatile.Read(ref _orderGroups).SelectMany(g => g).Where(starting.Contains))
        {
            loop.Start();
        }

        return (added, removed, replaced);
    }

    /// <summary>Stops the loops (not the services: call <see cref="StopAsync"/> first) and kills what is left.</summary>
    /// <returns>A task that completes when every loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var loop in Volatile.Read(ref _byName).Values)
        {
            loop.StatusChanged -= OnStatusChanged;
            await loop.DisposeAsync().ConfigureAwait(false);
            await loop.OutputLog.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Checks a set of services before it is run or applied: names are unique and service dependencies are known.</summary>
    /// <param name="definitions">The services.</param>
    /// <exception cref="ArgumentException">The set is invalid.</exception>
    public static void Validate(IReadOnlyList<ServiceDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!names.Add(definition.Name))
            {
                throw new ArgumentException($"two services are named '{definition.Name}'", nameof(definitions));
            }
        }

        foreach (var definition in definitions)
        {
            var missing = definition.DependsOn.FirstOrDefault(d => d.IsService && !names.Contains(d.Name));
            if (missing is not null)
            {
                throw new ArgumentException($"service '{definition.Name}' depends on unknown service '{missing.Name}'", nameof(definitions));
            }
        }

        _ = DependencyOrder.StartGroups(definitions, d => d);
    }

    private static async Task StopLoopsAsync(IEnumerable<ServiceSupervisor> loops, CancellationToken cancellationToken)
    {
        var list = loops.ToList();
        foreach (var loop in list)
        {
            loop.Post(new ServiceInput.Operator(ServiceCommand.Stop));
        }

        await Task.WhenAll(list.Select(loop => loop.WaitForAsync(
            s => !s.HasInstance,
            loop.Definition.Stop.Timeout + (loop.Definition.BeforeStop is null ? TimeSpan.Zero : loop.Definition.BeforeStopTimeout) + TimeSpan.FromSeconds(5),
            cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>A loop for <paramref name="definition"/>, with a new log or the one of the loop it replaces (its options applied).</summary>
    private ServiceSupervisor CreateLoop(ServiceDefinition definition, ServiceLog? log = null)
    {
        if (log is null)
        {
            log = new ServiceLog(definition.Name, definition.Log, _options.TimeProvider, _logger);
        }
        else
        {
            log.Apply(definition.Log);
        }

        var loop = new ServiceSupervisor(definition, GetStatus, _options.Owner, _options.TimeProvider, _logger, log);
        loop.StatusChanged += OnStatusChanged;
        return loop;
    }

    /// <summary>The start groups of <see cref="_byName"/>, whose enumeration order is the definitions' (insertion only).</summary>
    private void Regroup_NeedsLock() =>
        Volatile.Write(ref _orderGroups, DependencyOrder.StartGroups([.. _byName.Values], s => s.Definition));

    private static bool IsSettled(ServiceStatus s) =>
        s.State is ServiceState.Ready or ServiceState.Running or ServiceState.Backoff or ServiceState.Fatal or ServiceState.Exited
        || !s.Wanted
        || (s.WaitingFor is not null && !s.HasInstance);

    private void OnStatusChanged(ServiceStatus status)
    {
        StatusChanged?.Invoke(status);
        foreach (var loop in Volatile.Read(ref _byName).Values)
        {
            if (loop.Definition.DependsOn.Any(d => d.IsService && d.Name == status.Name))
            {
                loop.PollNow();
            }
        }
    }
}
