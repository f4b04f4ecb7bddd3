using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hale.Config.Checks;

namespace Hale.Config.Schema;

/// <summary>
/// The JSON Schema (draft-07, which yaml-language-server supports best) of hale.yaml, built from the same
/// <see cref="MappingSpec"/>s and check kinds the readers accept keys from. Published as <c>schema/hale.schema.json</c> and
/// printed by <c>hale schema</c>. Thread-safe.
/// </summary>
/// <remarks>
/// A little stricter than the readers where YAML allows what a schema cannot follow: a key given with an empty value, which
/// Hale reads as absent, is flagged, and so is a quoted number where a number is expected. What depends on other parts of
/// the file (that a name refers to a check, that 'run' and 'start' exclude each other, the 168h maximum of durations) is left
/// to <c>hale check</c>.
/// </remarks>
internal static class ConfigSchema
{
    /// <summary>The definition of a check (<c>#/definitions/check</c>): a name, or a mapping with exactly one kind key.</summary>
    public const string CheckDefinition = "check";

    /// <summary>The definition of a top-level check (<c>#/definitions/component</c>): a check with the keys of <see cref="ComponentEntry.Spec"/>.</summary>
    public const string ComponentDefinition = "component";

    /// <summary>The definition of a duration (<c>#/definitions/duration</c>).</summary>
    public const string DurationDefinition = "duration";

    /// <summary>The draft the schema follows.</summary>
    public const string Draft = "http://json-schema.org/draft-07/schema#";

    /// <summary>The schema as published: indented JSON with <c>\n</c> line ends and a final line end.</summary>
    public static string Generate()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the schema to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("$schema", Draft);
        writer.WriteString("title", "hale.yaml");
        writer.WriteString("description", ConfigurationReader.Spec.Description);
        ConfigurationReader.Spec.Schema.WriteKeywords(writer);
        writer.WriteStartObject("definitions");
        writer.WritePropertyName(CheckDefinition);
        Checks(componentKeys: null).WriteTo(writer, "A check: the name of a top-level check, or a mapping with exactly one kind key.");
        writer.WritePropertyName(ComponentDefinition);
        Checks(ComponentEntry.Spec).WriteTo(writer, ComponentEntry.Spec.Description);
        foreach (var kind in CheckReader.AllKinds)
        {
            writer.WritePropertyName(KindDefinition(kind));
            kind.Schema.WriteTo(writer, kind.Description);
        }

        writer.WritePropertyName(DurationDefinition);
        ValueSchemas.DurationBody.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The definition of the value under a kind key, e.g. <c>check_tcp</c>.</summary>
    private static string KindDefinition(ICheckKind kind) => $"check_{kind.Name}";

    /// <summary>
    /// A name, or one object per kind: that kind key (required) and, for a top-level check, <paramref name="componentKeys"/>;
    /// no other key, so exactly one branch matches as exactly one kind is allowed (see <see cref="CheckReader"/>).
    /// </summary>
    private static SchemaNode Checks(MappingSpec? componentKeys)
    {
        var options = new List<SchemaNode> { SchemaNode.Text.Describe("The name of a top-level check (under checks), which it evaluates.") };
        foreach (var kind in CheckReader.AllKinds)
        {
            var spec = new MappingSpec(kind.Description, [KeySpec.Must(kind.Name, SchemaNode.Ref(KindDefinition(kind)), kind.Description), .. componentKeys?.Keys ?? []]);
            options.Add(spec.Schema);
        }

        return SchemaNode.OneOf([.. options]);
    }
}
