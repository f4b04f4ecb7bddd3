using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Yaml;

/// <summary>
/// Parses the text of a configuration into the YamlDotNet representation model, every node with its position.
/// Never throws for any text: every parse failure (a <see cref="YamlException"/>, a limit of <c>yaml_limits</c>, or an unexpected
/// exception from the parser) becomes an error at a position.
/// </summary>
internal static partial class YamlSource
{
    /// <summary>Parses the single document of <paramref name="text"/>.</summary>
    /// <returns>The root node, or null when the text is not usable YAML (the errors say why).</returns>
    public static YamlNode? Load(string text, ErrorSink errors)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new DuplicateKeyFilter(new StructureLimitFilter(new Parser(scanner), YamlLimitsScan.Read(text, errors)), errors));
        }
        catch (StructureLimitException ex)
        {
            errors.Add(Position(ex.Start, scanner), Clean(ex.Message));
            return null;
        }
        catch (YamlException ex)
        {
            errors.Add(Position(ex.Start, scanner), $"YAML syntax error: {Clean(ex.Message)}");
            return null;
        }
#pragma warning disable CA1031 // The parser has bugs that throw other exceptions (e.g. InvalidOperationException on some unclosed '{'); any of them is a syntax error at the scanner's position.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            errors.Add(Position(null, scanner), $"YAML syntax error: cannot parse the text here ({ex.GetType().Name} in the YAML parser); look for an unclosed '{{', '[' or quote above");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(new Mark(0, 1, 1), "the file is empty; expected a mapping with 'checks'");
            return null;
        }

        for (var i = 1; i < stream.Documents.Count; i++)
        {
            errors.Add(stream.Documents[i].RootNode, "only one YAML document is allowed");
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>
    /// A YamlDotNet message without the positions some of them carry (<c>(Line: 2, Col: 5, Idx: 12) - (Line: ...): </c>,
    /// reported separately as LINE:COL) and with runs of spaces collapsed.
    /// </summary>
    internal static string Clean(string message)
    {
        var text = MarkNoise().Replace(message, string.Empty);
        text = Spaces().Replace(text, " ").Trim();
        return text.Length == 0 ? "invalid YAML" : text;
    }

    /// <summary>The mark when it is a position in the text (line and column ≥ 1), else where the scanner stopped.</summary>
    private static Mark Position(Mark? mark, Scanner scanner)
    {
        if (mark is { Line: >= 1, Column: >= 1 } known)
        {
            return known;
        }

        var current = scanner.CurrentPosition;
        return current.Line >= 1 && current.Column >= 1 ? current : new Mark(0, 1, 1);
    }

    [GeneratedRegex(@"\(Line: \d+, Col: \d+, Idx: \d+\)( - \(Line: \d+, Col: \d+, Idx: \d+\))?:?\s*")]
    private static partial Regex MarkNoise();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
