using Hale.Config.Schema;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Yaml;

/// <summary>
/// A mapping with a known set of keys: reports unknown and non-scalar keys when opened,
/// then hands out values by key, reporting missing required ones.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);
    private readonly ErrorSink _errors;
    private readonly string _what;

    private MappingReader(YamlMappingNode node, ErrorSink errors, string what)
    {
        Node = node;
        _errors = errors;
        _what = what;
    }

    public YamlMappingNode Node { get; }

    /// <summary>Opens <paramref name="node"/> as a mapping whose keys are among those of <paramref name="spec"/> (which the schema lists too).</summary>
    /// <returns>The reader, or null when the node is not a mapping (reported).</returns>
    public static MappingReader? Open(YamlNode node, ErrorSink errors, string what, MappingSpec spec)
    {
        var keys = spec.Names;
        if (YamlValues.Mapping(node, errors, what) is not { } mapping)
        {
            return null;
        }

        var reader = new MappingReader(mapping, errors, what);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                errors.Add(key, $"{what}: expected a key name, found {YamlValues.Describe(key)}");
            }
            else if (!keys.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(key, $"unknown key '{name}' in {what}; expected {string.Join(", ", keys)}");
            }
            else
            {
                reader._values[name] = value;
            }
        }

        return reader;
    }

    /// <summary>The value of <paramref name="key"/>; null when absent or YAML null.</summary>
    public YamlNode? Optional(string key) =>
        _values.TryGetValue(key, out var value) && !YamlValues.IsNull(value) ? value : null;

    /// <summary>The value of <paramref name="key"/>; null and an error when absent or YAML null.</summary>
    public YamlNode? Required(string key)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            _errors.Add(Node, $"{_what} needs '{key}'");
            return null;
        }

        if (YamlValues.IsNull(value))
        {
            _errors.Add(value, $"{_what}: '{key}' needs a value");
            return null;
        }

        return value;
    }
}
