namespace Hale.Config.Schema;

/// <summary>One key of a mapping of hale.yaml: its name, the schema of its value, what it means, and whether it must be given.</summary>
/// <param name="Name">The key as written, e.g. <c>timeout</c>.</param>
/// <param name="Value">The schema of its value.</param>
/// <param name="Description">What it means, with its default and range, shown by editors.</param>
internal sealed record KeySpec(string Name, SchemaNode Value, string Description)
{
    /// <summary>Whether the key must be given (the reader reports it missing). <value>False by default.</value></summary>
    public bool Required { get; init; }

    /// <summary>A key that must be given.</summary>
    public static KeySpec Must(string name, SchemaNode value, string description) => new(name, value, description) { Required = true };
}
