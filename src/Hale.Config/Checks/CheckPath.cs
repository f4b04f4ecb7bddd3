namespace Hale.Config.Checks;

/// <summary>
/// Where a check sits under its top-level check, e.g. <c>mail-u5</c> / <c>to_ok</c>; its <see cref="Key"/>
/// (<c>mail-u5.to_ok</c>) names the operator state of a toggle or oneshot there.
/// </summary>
/// <param name="Component">The top-level check's name.</param>
/// <param name="Segments">The keys (and list indexes) from the top-level check down; empty for the top-level check itself.</param>
internal sealed record CheckPath(string Component, IReadOnlyList<string> Segments)
{
    /// <summary>The path of a top-level check.</summary>
    public static CheckPath Root(string component) => new(component, []);

    /// <summary>The operator-state key: the component's name, then the segments, joined by dots.</summary>
    public string Key => Segments.Count == 0 ? Component : $"{Component}.{string.Join('.', Segments)}";

    /// <summary>The path of a check below this one.</summary>
    public CheckPath Child(string segment) => new(Component, [.. Segments, segment]);
}
