using System.Globalization;
using Hale.Config.Schema;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hale.Config.Yaml;

/// <summary>
/// Reads the top-level <c>yaml_limits</c> section from the parser's events alone, before the file is loaded into the
/// representation model under those limits. Events are safe at any depth and never expand aliases (YamlDotNet's scanner and
/// parser keep their own stacks), so this pass needs no limits itself. Values out of 1..ceiling are errors at the value
/// and leave the default in force, so nothing a file says can lift a limit past its ceiling.
/// </summary>
internal static class YamlLimitsScan
{
    /// <summary>The keys of <c>yaml_limits</c> (read from events here, not through <see cref="MappingReader"/>).</summary>
    public static readonly MappingSpec Spec = new(
        "Limits that apply while this file is parsed.",
        new("max_depth", SchemaNode.Integer(1, YamlLimits.MaxDepthLimit), $"The deepest nesting of mappings and lists accepted, the root being 1. Default {YamlLimits.DefaultMaxDepth}."),
        new("max_nodes", SchemaNode.Integer(1, YamlLimits.MaxNodesLimit), $"The most nodes once aliases are expanded. Default {YamlLimits.DefaultMaxNodes}."));

    /// <summary>The keys of <c>yaml_limits</c>.</summary>
    public static IReadOnlyList<string> Keys => Spec.Names;

    /// <summary>The limits <paramref name="text"/> sets (the defaults for what it does not set); errors in the section are reported.</summary>
    /// <remarks>Stops quietly at a syntax error: loading the file reports it.</remarks>
    public static YamlLimits Read(string text, ErrorSink errors)
    {
        var found = new List<(Scalar Key, ParsingEvent Value)>();
        ParsingEvent? section = null;
        try
        {
            section = Find(new Parser(new Scanner(new StringReader(text))), found);
        }
        catch (YamlException)
        {
            // Loading the file reports the syntax error with its position.
        }
#pragma warning disable CA1031 // The parser throws other exceptions on some bad text; loading the file reports them.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
        }

        if (section is null or Scalar { Value: "" or "~" or "null" or "Null" or "NULL", Style: ScalarStyle.Plain })
        {
            return YamlLimits.Default;
        }

        if (section is not MappingStart)
        {
            errors.Add(section.Start, $"yaml_limits: expected a mapping, found {Describe(section)}");
            return YamlLimits.Default;
        }

        var limits = YamlLimits.Default;
        foreach (var (key, value) in found)
        {
            switch (key.Value)
            {
                case "max_depth":
                    limits = limits with { MaxDepth = Integer(value, errors, "max_depth", YamlLimits.MaxDepthLimit) ?? limits.MaxDepth };
                    break;
                case "max_nodes":
                    limits = limits with { MaxNodes = Integer(value, errors, "max_nodes", YamlLimits.MaxNodesLimit) ?? limits.MaxNodes };
                    break;
                default:
                    errors.Add(key.Start, $"unknown key '{key.Value}' in yaml_limits; expected {string.Join(", ", Keys)}");
                    break;
            }
        }

        return limits;
    }

    /// <summary>
    /// The first event of the value of the root mapping's first <c>yaml_limits</c> key (null when there is none); when it is a
    /// mapping, its scalar keys and the first event of their values are added to <paramref name="found"/>.
    /// </summary>
    private static ParsingEvent? Find(Parser parser, List<(Scalar Key, ParsingEvent Value)> found)
    {
        var depth = 0;
        var rootIsMapping = false;
        var atKey = true;
        var nextIsSection = false;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            if (current is DocumentEnd)
            {
                return null;
            }

            if (depth == 0 && current is MappingStart)
            {
                rootIsMapping = true;
            }
            else if (depth == 1 && rootIsMapping && current is NodeEvent or AnchorAlias)
            {
                if (nextIsSection)
                {
                    if (current is MappingStart)
                    {
                        ReadSection(parser, found);
                    }

                    return current;
                }

                nextIsSection = atKey && current is Scalar { Value: "yaml_limits" };
                atKey = !atKey;
            }

            depth += current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
        }

        return null;
    }

    /// <summary>Reads the pairs of the section, the parser on its <see cref="MappingStart"/>, up to its end.</summary>
    private static void ReadSection(Parser parser, List<(Scalar Key, ParsingEvent Value)> found)
    {
        var depth = 1;
        Scalar? key = null;
        var atKey = true;
        while (depth > 0 && parser.MoveNext())
        {
            var current = parser.Current!;
            if (depth == 1 && current is NodeEvent or AnchorAlias)
            {
                if (atKey)
                {
                    key = current as Scalar;
                }
                else if (key is not null)
                {
                    found.Add((key, current));
                }

                atKey = !atKey;
            }

            depth += current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
        }
    }

    private static int? Integer(ParsingEvent value, ErrorSink errors, string key, int max)
    {
        if (value is not Scalar { Value: { Length: > 0 } text }
            || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            errors.Add(value.Start, $"yaml_limits.{key}: expected an integer, found {Describe(value)}");
            return null;
        }

        if (number < 1 || number > max)
        {
            errors.Add(value.Start, $"yaml_limits.{key}: {number} is out of range 1..{max} (the most that is safe for the process)");
            return null;
        }

        return (int)number;
    }

    private static string Describe(ParsingEvent value) => value switch
    {
        MappingStart => "a mapping",
        SequenceStart => "a list",
        AnchorAlias alias => $"the alias *{alias.Value.Value}",
        Scalar { Value: "" or "~" or "null" or "Null" or "NULL", Style: ScalarStyle.Plain } => "nothing",
        Scalar scalar => $"'{scalar.Value}'",
        _ => "an unknown node",
    };
}
