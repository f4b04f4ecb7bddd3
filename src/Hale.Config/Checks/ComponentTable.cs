using Hale.Checks;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>
/// The top-level checks by name. Builds them in dependency order: a reference builds the check it names first,
/// and a reference to a check still being built is a cycle, reported at the reference that closes it.
/// </summary>
internal sealed class ComponentTable(ErrorSink errors, Func<ComponentEntry, NamedCheck?> build)
{
    private readonly Dictionary<string, ComponentEntry> _byName = new(StringComparer.Ordinal);
    private readonly List<ComponentEntry> _entries = [];
    private readonly List<string> _building = [];

    /// <summary>The top-level checks in file order.</summary>
    public IReadOnlyList<ComponentEntry> Entries => _entries;

    /// <summary>Adds a top-level check; names are unique (duplicates are dropped while parsing).</summary>
    public void Add(ComponentEntry entry)
    {
        if (_byName.TryAdd(entry.Name, entry))
        {
            _entries.Add(entry);
        }
    }

    /// <summary>Whether a top-level check of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Builds every top-level check, in file order except where references require another order.</summary>
    public void BuildAll()
    {
        foreach (var entry in _entries)
        {
            Ensure(entry);
        }
    }

    /// <summary>The check a bare name refers to.</summary>
    /// <returns>The shared instance; null when unknown, on a cycle (both reported) or when it has errors (reported there).</returns>
    public NamedCheck? Resolve(YamlScalarNode reference)
    {
        var name = reference.Value ?? string.Empty;
        if (!_byName.TryGetValue(name, out var entry))
        {
            errors.Add(reference, $"unknown check '{name}'");
            return null;
        }

        if (entry.State == ComponentState.Building)
        {
            var cycle = _building.Skip(_building.IndexOf(name)).Append(name);
            errors.Add(reference, _building[^1] == name
                ? $"check '{name}' refers to itself"
                : $"reference cycle: {string.Join(" -> ", cycle)}");
            return null;
        }

        return Ensure(entry);
    }

    private NamedCheck? Ensure(ComponentEntry entry)
    {
        if (entry.State != ComponentState.Pending)
        {
            return entry.Check;
        }

        entry.State = ComponentState.Building;
        _building.Add(entry.Name);
        try
        {
            entry.Check = build(entry);
        }
        finally
        {
            _building.RemoveAt(_building.Count - 1);
        }

        entry.State = entry.Check is null ? ComponentState.Failed : ComponentState.Built;
        return entry.Check;
    }
}
