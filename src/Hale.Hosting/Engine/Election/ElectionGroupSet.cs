using System.Collections.Concurrent;
using Hale.Checks;
using Hale.Etcd;
using Hale.Failover;
using Hale.Failover.Election;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Engine.Election;

/// <summary>
/// The engine's <c>coordinator: etcd</c> failover groups: one store client for the <c>etcd:</c> settings, one
/// <see cref="ElectionGroupLoop"/> per group, and the component served at <c>/NAME</c> for each. A reload keeps the loop of a
/// group whose definition, node and settings did not change; a changed or removed group's loop stops (an active member demotes
/// and resigns first), and a new one starts.
/// </summary>
/// <remarks>Start, apply and stop are called serialised by the engine; <see cref="Find"/>, <see cref="Wake"/> and
/// <see cref="EnvironmentFor"/> are thread-safe.</remarks>
internal sealed class ElectionGroupSet(
    Supervisor supervisor, Func<string, NamedCheck?> findCheck, string owner, TimeProvider time, ILoggerFactory loggers,
    Func<CoordinationSettings, ICoordinationStore>? connect = null,
    Events.TransitionJournal? journal = null)
{
    private readonly ConcurrentDictionary<string, ElectionGroupLoop> _loops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Component> _components = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger("Hale.Groups");
    private ICoordinationStore? _store;
    private bool _started;

    /// <summary>The loop of group <paramref name="name"/> running now, or null.</summary>
    public ElectionGroupLoop? Find(string name) => _loops.GetValueOrDefault(name);

    /// <summary>Every loop running now, by group name.</summary>
    public IReadOnlyList<ElectionGroupLoop> Loops => [.. _loops.Values.OrderBy(l => l.Definition.Name, StringComparer.Ordinal)];

    /// <summary>The components to serve for <paramref name="groups"/> (one per name, kept across reloads).</summary>
    public IEnumerable<Component> ComponentsFor(IReadOnlyList<ElectionGroupDefinition> groups) =>
        groups.Select(g => _components.GetOrAdd(g.Name, name => new Component(new NamedCheck(name, new ElectionRoleCheck(name, Find), time), null, Served: true)));

    /// <summary>The groups' state for <c>/-/status</c>.</summary>
    public IEnumerable<Status.GroupStatus> Statuses => _loops.Values.Select(l => l.Status);

    /// <summary>The variables the service of group <paramref name="group"/> starts with (the fencing token while active).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentFor(string group) =>
        Find(group)?.Environment ?? new Dictionary<string, string>();

    /// <summary>
    /// Whether group <paramref name="group"/>'s service may start now (<see cref="ElectionGroupLoop.StartPermit"/>): null when
    /// it may, else why not — also when the group has no loop (not started yet, or removed).
    /// </summary>
    public string? StartPermitFor(string group) =>
        Find(group) is { } loop ? loop.StartPermit() : $"group {group} is not running";

    /// <summary>Asks every group for a round now (a check or a service changed).</summary>
    public void Wake()
    {
        foreach (var loop in _loops.Values)
        {
            loop.Wake();
        }
    }

    /// <summary>Starts a loop for each group.</summary>
    public void Start(IReadOnlyList<ElectionGroupDefinition> groups, string node, CoordinationSettings? settings)
    {
        _started = true;
        StartMissing(groups, node, settings);
    }

    /// <summary>Reconciles the loops with <paramref name="groups"/>.</summary>
    public async Task ApplyAsync(IReadOnlyList<ElectionGroupDefinition> groups, string node, CoordinationSettings? settings)
    {
        foreach (var (name, loop) in _loops.ToList())
        {
            var next = groups.FirstOrDefault(g => g.Name == name);
            if (next is null || !next.SameAs(loop.Definition) || loop.Node != node || !loop.Settings.SameAs(settings))
            {
                _loops.TryRemove(name, out _);
                await loop.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var name in _components.Keys.Where(n => !groups.Any(g => g.Name == n)).ToList())
        {
            _components.TryRemove(name, out _);
        }

        if (_store is not null && _loops.IsEmpty)
        {
            // No loop uses the client any more (none left, or the settings changed and every loop stopped): a new one is
            // made for the loops that start next.
            await _store.DisposeAsync().ConfigureAwait(false);
            _store = null;
        }

        if (_started)
        {
            StartMissing(groups, node, settings);
        }
    }

    /// <summary>Stops every loop: active members demote and resign, leases are revoked.</summary>
    public async Task StopAsync()
    {
        _started = false;
        await Task.WhenAll(_loops.Values.Select(async loop => await loop.DisposeAsync().ConfigureAwait(false))).ConfigureAwait(false);
        _loops.Clear();
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
            _store = null;
        }
    }

    private void StartMissing(IReadOnlyList<ElectionGroupDefinition> groups, string node, CoordinationSettings? settings)
    {
        if (settings is null)
        {
            return;
        }

        foreach (var group in groups.Where(g => !_loops.ContainsKey(g.Name)))
        {
            _store ??= (connect ?? Connect)(settings);
            var loop = new ElectionGroupLoop(group, node, settings, _store, findCheck, supervisor, owner, time, _logger, () => Reevaluate(group.Name), journal);
            _loops[group.Name] = loop;
            loop.Start();
        }
    }

    /// <summary>Evaluates the group's <c>/NAME</c> check now, so that its transition reaches the HAProxy bindings that follow it.</summary>
    private void Reevaluate(string name)
    {
        if (_components.TryGetValue(name, out var component))
        {
            _ = component.Check.CheckAsync().AsTask();
        }
    }

    private ICoordinationStore Connect(CoordinationSettings settings) =>
        new EtcdCoordinationStore(settings.Endpoints, settings.CallTimeout, loggers.CreateLogger("Hale.Etcd"));
}
