using System.Text;
using System.Text.Json;

namespace Hale.Config.Schema;

/// <summary>
/// The JSON Schema (draft-07) of one value of hale.yaml: a description and the keywords that constrain it, written with
/// <see cref="Utf8JsonWriter"/> (no reflection). Immutable; safe to share between threads.
/// </summary>
/// <remarks>
/// The file is YAML read as JSON the way editors read it (YAML 1.2 core schema): a plain <c>10</c> is an integer,
/// <c>true</c> a boolean, <c>10s</c> a string. Hale reads any scalar as text where it wants text, so <see cref="Text"/>
/// accepts numbers and booleans too.
/// </remarks>
internal sealed class SchemaNode
{
    private readonly Action<Utf8JsonWriter> _keywords;

    private SchemaNode(string? description, Action<Utf8JsonWriter> keywords)
    {
        Description = description;
        _keywords = keywords;
    }

    /// <summary>What the value is, for editors' hovers; null when the key that holds it describes it.</summary>
    public string? Description { get; }

    /// <summary>A non-empty scalar read as text (a string, or a number or boolean taken as written).</summary>
    public static SchemaNode Text { get; } = new(null, w =>
    {
        w.WriteStartArray("type");
        w.WriteStringValue("string");
        w.WriteStringValue("number");
        w.WriteStringValue("boolean");
        w.WriteEndArray();
        w.WriteNumber("minLength", 1);
    });

    /// <summary>Any scalar, empty included (read as text, an empty value as the empty string).</summary>
    public static SchemaNode Scalar { get; } = new(null, w =>
    {
        w.WriteStartArray("type");
        w.WriteStringValue("string");
        w.WriteStringValue("number");
        w.WriteStringValue("boolean");
        w.WriteStringValue("null");
        w.WriteEndArray();
    });

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static SchemaNode Boolean { get; } = new(null, w => w.WriteString("type", "boolean"));

    /// <summary>YAML null (an empty value).</summary>
    public static SchemaNode Null { get; } = new(null, w => w.WriteString("type", "null"));

    /// <summary>An integer from <paramref name="minimum"/> to <paramref name="maximum"/> inclusive.</summary>
    public static SchemaNode Integer(long minimum, long maximum) => new(null, w =>
    {
        w.WriteString("type", "integer");
        w.WriteNumber("minimum", minimum);
        w.WriteNumber("maximum", maximum);
    });

    /// <summary>A number (integer or not) from <paramref name="minimum"/> to <paramref name="maximum"/> inclusive.</summary>
    public static SchemaNode Number(double minimum, double maximum) => new(null, w =>
    {
        w.WriteString("type", "number");
        w.WriteNumber("minimum", minimum);
        w.WriteNumber("maximum", maximum);
    });

    /// <summary>A string matching <paramref name="pattern"/> (ECMA-262, as JSON Schema requires).</summary>
    public static SchemaNode Pattern(string pattern) => new(null, w =>
    {
        w.WriteString("type", "string");
        w.WriteString("pattern", pattern);
    });

    /// <summary>One of <paramref name="values"/>, exactly as written.</summary>
    public static SchemaNode Enum(params string[] values) => new(null, w =>
    {
        w.WriteString("type", "string");
        w.WriteStartArray("enum");
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    });

    /// <summary>One of <paramref name="words"/> in any case (offered as written, accepted as <c>OK</c>, <c>Ok</c>, ...).</summary>
    public static SchemaNode Keyword(params string[] words)
    {
        var pattern = new StringBuilder("^(?:");
        for (var i = 0; i < words.Length; i++)
        {
            pattern.Append(i == 0 ? string.Empty : "|");
            foreach (var c in words[i])
            {
                pattern.Append(char.IsLetter(c) ? $"[{char.ToLowerInvariant(c)}{char.ToUpperInvariant(c)}]" : c.ToString());
            }
        }

        return AnyOf(Enum(words), Pattern(pattern.Append(")$").ToString()));
    }

    /// <summary>The definition <paramref name="name"/> of the schema (<c>#/definitions/NAME</c>).</summary>
    public static SchemaNode Ref(string name) => new(null, w => w.WriteString("$ref", $"#/definitions/{name}"));

    /// <summary>Exactly one of <paramref name="options"/>.</summary>
    public static SchemaNode OneOf(params SchemaNode[] options) => new(null, w => WriteList(w, "oneOf", options));

    /// <summary>At least one of <paramref name="options"/>.</summary>
    public static SchemaNode AnyOf(params SchemaNode[] options) => new(null, w => WriteList(w, "anyOf", options));

    /// <summary>A list of <paramref name="item"/>, at least <paramref name="minItems"/> long.</summary>
    public static SchemaNode ListOf(SchemaNode item, int minItems = 0) => new(null, w =>
    {
        w.WriteString("type", "array");
        w.WritePropertyName("items");
        item.WriteTo(w);
        if (minItems > 0)
        {
            w.WriteNumber("minItems", minItems);
        }
    });

    /// <summary><paramref name="item"/>, or a non-empty list of them.</summary>
    public static SchemaNode OneOrList(SchemaNode item) => AnyOf(item, ListOf(item, 1));

    /// <summary>A mapping of names (matching <paramref name="namePattern"/> when given) to <paramref name="value"/>.</summary>
    public static SchemaNode MapOf(SchemaNode value, string? namePattern = null, int minProperties = 0) => new(null, w =>
    {
        w.WriteString("type", "object");
        w.WritePropertyName("additionalProperties");
        value.WriteTo(w);
        if (namePattern is not null)
        {
            w.WriteStartObject("propertyNames");
            w.WriteString("pattern", namePattern);
            w.WriteEndObject();
        }

        if (minProperties > 0)
        {
            w.WriteNumber("minProperties", minProperties);
        }
    });

    /// <summary>The mapping <paramref name="spec"/> describes: its keys and no others.</summary>
    public static SchemaNode Mapping(MappingSpec spec, int minProperties = 0) => new(spec.Description, w =>
    {
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var key in spec.Keys)
        {
            w.WritePropertyName(key.Name);
            key.Value.WriteTo(w, key.Description);
        }

        w.WriteEndObject();
        if (spec.Keys.Any(k => k.Required))
        {
            w.WriteStartArray("required");
            foreach (var key in spec.Keys.Where(k => k.Required))
            {
                w.WriteStringValue(key.Name);
            }

            w.WriteEndArray();
        }

        if (minProperties > 0)
        {
            w.WriteNumber("minProperties", minProperties);
        }

        w.WriteBoolean("additionalProperties", false);
    });

    /// <summary>This schema with <paramref name="description"/>.</summary>
    public SchemaNode Describe(string description) => new(description, _keywords);

    /// <summary>Writes the schema as an object; <paramref name="description"/>, when given, replaces <see cref="Description"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if ((description ?? Description) is { } text)
        {
            writer.WriteString("description", text);
        }

        _keywords(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes the keywords alone (no description) into the object being written, e.g. the root beside <c>$schema</c>.</summary>
    public void WriteKeywords(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _keywords(writer);
    }

    private static void WriteList(Utf8JsonWriter writer, string keyword, SchemaNode[] options)
    {
        writer.WriteStartArray(keyword);
        foreach (var option in options)
        {
            option.WriteTo(writer);
        }

        writer.WriteEndArray();
    }
}
