namespace Hale.Config.Importers.Heartbeat;

/// <summary>One <c>[section]</c> of an INI file: its entries in file order. Not thread-safe while being read.</summary>
/// <param name="name">The section's name, as written between the brackets (trimmed).</param>
/// <param name="line">The 1-based line of its (first) header.</param>
internal sealed class IniSection(string name, int line)
{
    private readonly Dictionary<string, IniEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>The section's name.</summary>
    public string Name { get; } = name;

    /// <summary>The 1-based line of its first header.</summary>
    public int Line { get; } = line;

    /// <summary>The entries in the order their keys first appeared (a repeated key keeps its place and takes the last value).</summary>
    public IEnumerable<IniEntry> Entries => _order.Select(k => _entries[k]);

    /// <summary>The entry of <paramref name="key"/> (lower-case) written in this section itself, or null.</summary>
    public IniEntry? Find(string key) => _entries.GetValueOrDefault(key);

    /// <summary>Sets an entry; returns the one it replaced, if any.</summary>
    public IniEntry? Set(IniEntry entry)
    {
        var previous = _entries.GetValueOrDefault(entry.Key);
        if (previous is null)
        {
            _order.Add(entry.Key);
        }

        _entries[entry.Key] = entry;
        return previous;
    }
}
