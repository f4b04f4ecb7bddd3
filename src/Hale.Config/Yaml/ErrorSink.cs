using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Yaml;

/// <summary>Collects the errors of one file, each at the position of the node it is about.</summary>
internal sealed class ErrorSink(string file)
{
    private readonly List<ConfigError> _errors = [];

    /// <summary>How many errors were collected so far.</summary>
    public int Count => _errors.Count;

    public void Add(YamlNode node, string message) => Add(node.Start, message);

    public void Add(Mark mark, string message) =>
        _errors.Add(new ConfigError(file, checked((int)mark.Line), checked((int)mark.Column), OneLine(message)));

    /// <summary>
    /// The message on one line (line breaks of quoted values shown as <c>\n</c>), so that every line of a
    /// <see cref="ConfigException"/>'s message is one <c>FILE:LINE:COL: message</c>.
    /// </summary>
    public static string OneLine(string message) =>
        message.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    /// <summary>The errors by position (line, column), ties in the order found.</summary>
    public IReadOnlyList<ConfigError> Sorted() => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
