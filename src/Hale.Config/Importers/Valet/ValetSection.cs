namespace Hale.Config.Importers.Valet;

/// <summary>One <c>:Name</c> block of <c>ha_valet.cfg</c>: a logical process name and its keys.</summary>
/// <param name="name">The logical name (the text after <c>:</c>, trimmed).</param>
/// <param name="line">The 1-based line of <c>:Name</c>.</param>
internal sealed class ValetSection(string name, int line)
{
    /// <summary>The logical name.</summary>
    public string Name { get; } = name;

    /// <summary>The 1-based line of <c>:Name</c>.</summary>
    public int Line { get; } = line;

    /// <summary>The keys by name (a repeated key: the last one), aliases already resolved to their key.</summary>
    public Dictionary<string, ValetEntry> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>The entry of <paramref name="key"/>, or null.</summary>
    public ValetEntry? this[string key] => Entries.GetValueOrDefault(key);
}
