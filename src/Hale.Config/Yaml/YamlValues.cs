using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Yaml;

/// <summary>
/// Reads typed values from nodes. Each reader reports a wrong type or value at the node and returns null;
/// <c>what</c> names the value in messages (usually its key).
/// </summary>
internal static class YamlValues
{
    /// <summary>Whether the node is YAML null: an empty value, <c>~</c> or <c>null</c> (unquoted).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>How a node is named in a type error: <c>a mapping</c>, <c>a list</c> or the quoted text.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => $"'{Hale.Text.SafeText.Escape(scalar.Value)}'",
        _ => "an unknown node",
    };

    public static YamlMappingNode? Mapping(YamlNode node, ErrorSink errors, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        errors.Add(node, $"{what}: expected a mapping, found {Describe(node)}");
        return null;
    }

    public static YamlSequenceNode? Sequence(YamlNode node, ErrorSink errors, string what)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        errors.Add(node, $"{what}: expected a list, found {Describe(node)}");
        return null;
    }

    /// <summary>A non-empty string.</summary>
    public static string? String(YamlNode node, ErrorSink errors, string what)
    {
        if (node is YamlScalarNode scalar && !IsNull(node) && !string.IsNullOrEmpty(scalar.Value))
        {
            return scalar.Value;
        }

        errors.Add(node, $"{what}: expected a non-empty string, found {Describe(node)}");
        return null;
    }

    /// <summary>Whether the node is a scalar holding a decimal integer (optionally signed).</summary>
    public static bool IsInteger(YamlNode node, out long value)
    {
        value = 0;
        return node is YamlScalarNode { Value: { Length: > 0 } text }
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static int? Integer(YamlNode node, ErrorSink errors, string what, int min, int max)
    {
        if (!IsInteger(node, out var value))
        {
            errors.Add(node, $"{what}: expected an integer, found {Describe(node)}");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(node, $"{what}: {value} is out of range {min}..{max}");
            return null;
        }

        return (int)value;
    }

    /// <summary><c>true</c> or <c>false</c>, in any case.</summary>
    public static bool? Boolean(YamlNode node, ErrorSink errors, string what)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        errors.Add(node, $"{what}: expected true or false, found {Describe(node)}");
        return null;
    }
}
