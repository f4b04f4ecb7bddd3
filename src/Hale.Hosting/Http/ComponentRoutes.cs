namespace Hale.Hosting.Http;

/// <summary>An immutable table of the components served: looked up by name without allocating; swapped whole on reload.</summary>
internal sealed class ComponentRoutes
{
    private readonly Dictionary<string, Component>.AlternateLookup<ReadOnlySpan<char>> _served;

    public ComponentRoutes(IReadOnlyList<Component> all)
    {
        All = all;
        _served = all.Where(c => c.Served).ToDictionary(c => c.Name, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<Component> All { get; }

    public int ServedCount => _served.Dictionary.Count;

    public bool TryGet(ReadOnlySpan<char> name, out Component component) => _served.TryGetValue(name, out component!);
}
