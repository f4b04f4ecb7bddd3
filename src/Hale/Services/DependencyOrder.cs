namespace Hale.Services;

/// <summary>
/// The order in which services start and stop. Start: every service after the services it depends on
/// (<see cref="ServiceDefinition.DependsOn"/>, topological order); among the services whose dependencies are all placed, the
/// lowest <see cref="ServiceDefinition.Order"/> goes first, then the first in the given order. <see cref="ServiceDefinition.Order"/>
/// therefore only breaks ties. Stop: the exact reverse (dependents first).
/// </summary>
/// <remarks>
/// The sequence is cut into groups that may be started (or stopped) together: a group is a run of consecutive services with
/// the same <see cref="ServiceDefinition.Order"/> of which none depends on another. Dependencies on services outside the given
/// set, and on checks, are ignored. Pure; thread-safe.
/// </remarks>
internal static class DependencyOrder
{
    /// <summary>The start groups, first group first.</summary>
    /// <typeparam name="T">What is ordered, e.g. a definition or a service's loop.</typeparam>
    /// <param name="items">The services, in definition (file) order; names are unique.</param>
    /// <param name="definition">Each item's definition.</param>
    /// <returns>The groups; every item appears once.</returns>
    /// <exception cref="ArgumentException">The services depend on each other in a cycle (the message names it).</exception>
    public static IReadOnlyList<IReadOnlyList<T>> StartGroups<T>(IReadOnlyList<T> items, Func<T, ServiceDefinition> definition)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(definition);
        var definitions = items.Select(definition).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            index[definitions[i].Name] = i;
        }

        var dependencies = definitions
            .Select(d => d.DependsOn.Where(x => x.IsService && index.ContainsKey(x.Name)).Select(x => index[x.Name]).Distinct().ToList())
            .ToList();
        var sequence = Sequence(definitions, dependencies);

        var groups = new List<IReadOnlyList<T>>();
        var group = new List<int>();
        var members = new HashSet<int>();
        foreach (var i in sequence)
        {
            if (group.Count > 0 && (definitions[group[0]].Order != definitions[i].Order || dependencies[i].Any(members.Contains)))
            {
                groups.Add([.. group.Select(g => items[g])]);
                group = [];
                members.Clear();
            }

            group.Add(i);
            members.Add(i);
        }

        if (group.Count > 0)
        {
            groups.Add([.. group.Select(g => items[g])]);
        }

        return groups;
    }

    /// <summary>The stop groups: the start groups in reverse, each reversed (the exact reverse of the start sequence).</summary>
    /// <typeparam name="T">What is ordered.</typeparam>
    /// <param name="startGroups">The start groups, from <see cref="StartGroups"/>.</param>
    /// <returns>The groups, first to stop first.</returns>
    public static IReadOnlyList<IReadOnlyList<T>> StopGroups<T>(IReadOnlyList<IReadOnlyList<T>> startGroups)
    {
        ArgumentNullException.ThrowIfNull(startGroups);
        return [.. startGroups.Reverse().Select(g => (IReadOnlyList<T>)[.. g.Reverse()])];
    }

    /// <summary>Kahn's algorithm, the ready service with the lowest (order, index) first: O((n + e) log n), no recursion.</summary>
    private static List<int> Sequence(List<ServiceDefinition> definitions, List<List<int>> dependencies)
    {
        var placed = new bool[definitions.Count];
        var sequence = new List<int>(definitions.Count);
        var waiting = new int[definitions.Count];
        var dependents = new List<int>[definitions.Count];
        var ready = new SortedSet<(int Order, int Index)>();
        for (var i = 0; i < definitions.Count; i++)
        {
            dependents[i] ??= [];
            waiting[i] = dependencies[i].Count;
            foreach (var d in dependencies[i])
            {
                (dependents[d] ??= []).Add(i);
            }

            if (waiting[i] == 0)
            {
                ready.Add((definitions[i].Order, i));
            }
        }

        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            placed[next.Index] = true;
            sequence.Add(next.Index);
            foreach (var dependent in dependents[next.Index])
            {
                if (--waiting[dependent] == 0)
                {
                    ready.Add((definitions[dependent].Order, dependent));
                }
            }
        }

        if (sequence.Count < definitions.Count)
        {
            throw new ArgumentException(DescribeCycle(definitions, dependencies, placed), nameof(definitions));
        }

        return sequence;
    }

    /// <summary>Every service left unplaced waits for another unplaced one: walking those edges must revisit a service.</summary>
    private static string DescribeCycle(List<ServiceDefinition> definitions, List<List<int>> dependencies, bool[] placed)
    {
        var path = new List<int> { Array.IndexOf(placed, false) };
        while (true)
        {
            var next = dependencies[path[^1]].First(d => !placed[d]);
            var seen = path.IndexOf(next);
            if (seen >= 0)
            {
                var cycle = path.Skip(seen).Append(next).Select(i => definitions[i].Name);
                return $"dependency cycle among services: {string.Join(" -> ", cycle)}";
            }

            path.Add(next);
        }
    }
}
