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

    /// <summary>The longest message of one error, in characters: 1,000 (a longer one is cut and ends with <c>…</c>).</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>
    /// The message on one line of printable text: line breaks of quoted values shown as <c>\n</c>, other control characters
    /// as <c>\xNN</c> (<see cref="Hale.Text.SafeText"/>), cut to <see cref="MaxMessageLength"/>; so that every line of a
    /// <see cref="ConfigException"/>'s message is one <c>FILE:LINE:COL: message</c> and a value cannot forge another.
    /// </summary>
    public static string OneLine(string message) => Hale.Text.SafeText.Escape(message.Replace("\r\n", "\n", StringComparison.Ordinal), MaxMessageLength);

    /// <summary>The errors by position (line, column), ties in the order found.</summary>
    public IReadOnlyList<ConfigError> Sorted() => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
