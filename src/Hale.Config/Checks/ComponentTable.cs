using Hale.Checks;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>
/// The top-level checks by name. Builds them in dependency order: a reference builds the check it names first,
/// and a reference to a check still being built is a cycle, reported at the reference that closes it.
/// </summary>
/// <remarks>
/// A chain of references (<c>a: { not: b }</c>, <c>b: { not: c }</c>, …) may be at most <c>reference_depth</c> references
/// long: building follows it recursively, and so does evaluating it, so a longer chain could overflow the stack at load,
/// at reload or at run time. The first reference past the limit is reported; checks failing only because of it are not.
/// </remarks>
internal sealed class ComponentTable(ErrorSink errors, Func<ComponentEntry, NamedCheck?> build)
{
    /// <summary><c>reference_depth</c> when none is given.</summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>The largest <c>reference_depth</c> accepted: deep enough for any real file, shallow enough for any stack.</summary>
    public const int MaxDepthLimit = 256;

    private readonly Dictionary<string, ComponentEntry> _byName = new(StringComparer.Ordinal);
    private readonly List<ComponentEntry> _entries = [];
    private readonly List<string> _building = [];
    private readonly List<int> _heights = [];
    private bool _depthReported;

    /// <summary>The top-level checks in file order.</summary>
    public IReadOnlyList<ComponentEntry> Entries => _entries;

    /// <summary>The longest chain of references between top-level checks allowed (<c>reference_depth</c>). <value>32 by default.</value></summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

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
    /// <returns>The shared instance; null when unknown, on a cycle, past the depth limit (all reported) or when it has errors (reported there).</returns>
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

        // The chain so far has _building.Count references once this one is followed; the target adds its own height.
        var depth = _building.Count + (entry.State == ComponentState.Pending ? 0 : entry.Height);
        if (depth > MaxDepth)
        {
            ReportDepth(reference, name, continues: entry.State != ComponentState.Pending && entry.Height > 0);
            return null;
        }

        var check = Ensure(entry);
        if (check is not null && _heights.Count > 0)
        {
            _heights[^1] = Math.Max(_heights[^1], entry.Height + 1);
        }

        return check;
    }

    private void ReportDepth(YamlScalarNode reference, string name, bool continues)
    {
        if (_depthReported)
        {
            return;
        }

        _depthReported = true;
        var chain = _building.Count > 6 ? [.. _building.Take(3), "...", .. _building.TakeLast(2)] : _building.ToList();
        chain.Add(name);
        errors.Add(reference, $"references between checks nest deeper than {MaxDepth} (reference_depth): {string.Join(" -> ", chain)}{(continues ? " -> ..." : string.Empty)}");
    }

    private NamedCheck? Ensure(ComponentEntry entry)
    {
        if (entry.State != ComponentState.Pending)
        {
            return entry.Check;
        }

        entry.State = ComponentState.Building;
        _building.Add(entry.Name);
        _heights.Add(0);
        try
        {
            entry.Check = build(entry);
        }
        finally
        {
            _building.RemoveAt(_building.Count - 1);
            entry.Height = _heights[^1];
            _heights.RemoveAt(_heights.Count - 1);
        }

        entry.State = entry.Check is null ? ComponentState.Failed : ComponentState.Built;
        return entry.Check;
    }
}
