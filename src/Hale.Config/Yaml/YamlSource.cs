using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Yaml;

/// <summary>Parses the text of a configuration into the YamlDotNet representation model, every node with its position.</summary>
internal static class YamlSource
{
    /// <summary>Parses the single document of <paramref name="text"/>.</summary>
    /// <returns>The root node, or null when the text is not usable YAML (the errors say why).</returns>
    public static YamlNode? Load(string text, ErrorSink errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new DuplicateKeyFilter(new Parser(new StringReader(text)), errors));
        }
        catch (YamlException ex)
        {
            errors.Add(ex.Start, $"YAML syntax error: {ex.Message}");
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
}
