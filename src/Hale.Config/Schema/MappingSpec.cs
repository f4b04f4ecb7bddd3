namespace Hale.Config.Schema;

/// <summary>
/// The keys of one kind of mapping of hale.yaml: the one list its reader accepts (<see cref="Yaml.MappingReader"/> reports any
/// other key as unknown) and the JSON Schema lists (<see cref="ConfigSchema"/>), so the two cannot drift apart.
/// Immutable; safe to share between threads.
/// </summary>
internal sealed class MappingSpec
{
    /// <summary>A mapping of <paramref name="keys"/>, described by <paramref name="description"/>.</summary>
    public MappingSpec(string description, params KeySpec[] keys)
    {
        Description = description;
        Keys = keys;
        Names = [.. keys.Select(k => k.Name)];
    }

    /// <summary>What the mapping is, for editors' hovers.</summary>
    public string Description { get; }

    /// <summary>The keys, in the order documentation and messages list them.</summary>
    public IReadOnlyList<KeySpec> Keys { get; }

    /// <summary>The names of <see cref="Keys"/>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The schema of this mapping.</summary>
    public SchemaNode Schema => SchemaNode.Mapping(this);
}
