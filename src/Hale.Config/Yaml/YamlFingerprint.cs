using System.Text;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Yaml;

/// <summary>A canonical text of a YAML node (ignoring layout, comments and flow/block style), to tell whether a definition changed on reload.</summary>
internal static class YamlFingerprint
{
    public static string Of(YamlNode node)
    {
        var text = new StringBuilder();
        Append(node, text);
        return text.ToString();
    }

    private static void Append(YamlNode node, StringBuilder text)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                text.Append('"').Append(scalar.Value?.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var child in sequence.Children)
                {
                    Append(child, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case YamlMappingNode mapping:
                text.Append('{');
                foreach (var (key, value) in mapping.Children.OrderBy(p => (p.Key as YamlScalarNode)?.Value, StringComparer.Ordinal))
                {
                    Append(key, text);
                    text.Append(':');
                    Append(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
        }
    }
}
