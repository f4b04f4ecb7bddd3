namespace Hale.Config.Importers.Heartbeat;

/// <summary>A value as a section sees it (its own key, else <c>[DEFAULT]</c>'s), interpolated. Immutable.</summary>
/// <param name="Text">The interpolated value.</param>
/// <param name="Line">The 1-based line of the key it came from (in the section or in <c>[DEFAULT]</c>).</param>
internal sealed record IniValue(string Text, int Line);
