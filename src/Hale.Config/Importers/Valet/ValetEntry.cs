namespace Hale.Config.Importers.Valet;

/// <summary>One <c>key = value</c> line of an ha_valet section.</summary>
/// <param name="Key">The key, trimmed (case-sensitive, as the original's dictionary).</param>
/// <param name="Value">Everything after the first <c>=</c>, trimmed.</param>
/// <param name="Line">The 1-based line of the key.</param>
internal sealed record ValetEntry(string Key, string Value, int Line);
