namespace Hale.Config.Importers.Heartbeat;

/// <summary>One <c>key = value</c> of an INI section, as written (before interpolation). Immutable.</summary>
/// <param name="Key">The key, lower-cased (keys are case-insensitive, as ConfigParser's).</param>
/// <param name="RawValue">The value: trimmed, a <c> ;</c> comment removed, continuation lines joined with <c>\n</c>.</param>
/// <param name="Line">The 1-based line of the key.</param>
internal sealed record IniEntry(string Key, string RawValue, int Line);
