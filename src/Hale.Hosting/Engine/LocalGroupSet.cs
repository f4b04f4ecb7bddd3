using System.Collections.Concurrent;
using Hale.Checks;
using Hale.Failover;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Engine;

/// <summary>
/// The engine's <c>coordinator: local</c> failover groups: one <see cref="LocalGroupLoop"/> per group, and the component served
/// at <c>/NAME</c> for each. A reload keeps the loop of a group whose definition (and the node name) did not change, stops the
/// loop of a removed or changed group, and starts a new one for a changed or added group.
/// </summary>
/// <remarks>Start, apply and stop are called serialised by the engine; <see cref="Find"/> is thread-safe.</remarks>
internal sealed class LocalGroupSet(TimeProvider time, ILogger logger, Events.TransitionJournal? journal = null)
{
    private readonly ConcurrentDictionary<string, LocalGroupLoop> _loops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Component> _components = new(StringComparer.Ordinal);
    private bool _started;

    /// <summary>The loop of group <paramref name="name"/> running now, or null.</summary>
    public LocalGroupLoop? Find(string name) => _loops.GetValueOrDefault(name);

    /// <summary>The components to serve for <paramref name="groups"/> (one per name, kept across reloads).</summary>
    public IEnumerable<Component> ComponentsFor(IReadOnlyList<LocalGroupDefinition> groups) =>
        groups.Select(g => _components.GetOrAdd(g.Name, name => new Component(new NamedCheck(name, new GroupRoleCheck(name, Find), time), null, Served: true)));

    /// <summary>The groups' state for <c>/-/status</c>, by name.</summary>
    public IEnumerable<Status.GroupStatus> Statuses => _loops.Values.Select(l => l.Status);

    /// <summary>Starts a loop for each group.</summary>
    public void Start(IReadOnlyList<LocalGroupDefinition> groups, string node)
    {
        _started = true;
        foreach (var group in groups)
        {
            StartLoop(group, node);
        }
    }

    /// <summary>Reconciles the loops with <paramref name="groups"/>.</summary>
    public async Task ApplyAsync(IReadOnlyList<LocalGroupDefinition> groups, string node)
    {
        foreach (var (name, loop) in _loops.ToList())
        {
            var next = groups.FirstOrDefault(g => g.Name == name);
            if (next is null || !next.SameAs(loop.Definition) || loop.Node != node)
            {
                _loops.TryRemove(name, out _);
                await loop.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var name in _components.Keys.Where(n => !groups.Any(g => g.Name == n)).ToList())
        {
            _components.TryRemove(name, out _);
        }

        if (_started)
        {
            foreach (var group in groups.Where(g => !_loops.ContainsKey(g.Name)))
            {
                StartLoop(group, node);
            }
        }
    }

    /// <summary>Stops every loop (the commands still running are killed).</summary>
    public async Task StopAsync()
    {
        _started = false;
        foreach (var (name, loop) in _loops.ToList())
        {
            _loops.TryRemove(name, out _);
            await loop.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void StartLoop(LocalGroupDefinition group, string node)
    {
        var loop = new LocalGroupLoop(
            group,
            node,
            time,
            logger,
            () =>
            {
                if (_components.TryGetValue(group.Name, out var component))
                {
                    _ = component.Check.CheckAsync().AsTask();
                }
            },
            journal);
        _loops[group.Name] = loop;
        loop.Start();
    }
}
