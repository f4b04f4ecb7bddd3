using System.Globalization;
using System.Text;

namespace Hale.Config.Importers;

/// <summary>Writes values into generated native YAML: double-quoted scalars and <c>#</c> comments that any text survives.</summary>
internal static class YamlQuote
{
    /// <summary>
    /// The longest name (a check's, a service's, an action's) an importer accepts, in characters: 128. Names are keys of the
    /// generated YAML, and YAML reads a plain key of at most 1024 characters (an escaped character takes up to 6).
    /// </summary>
    public const int MaxNameLength = 128;

    /// <summary>
    /// <paramref name="value"/> as a YAML double-quoted scalar that reads back as the same string: <c>\</c> and <c>"</c>
    /// escaped, every character outside YAML's printable set (controls, line breaks, U+FFFE/U+FFFF) as an escape, and a
    /// lone surrogate (not text) as U+FFFD.
    /// </summary>
    public static string Scalar(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
                continue;
            }

            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\t' => text.Append("\\t"),
                '\r' => text.Append("\\r"),
                _ when char.IsSurrogate(c) => text.Append("\\uFFFD"),
                _ when c < 0x20 || c is >= '\u007F' and <= '\u009F' => text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                _ when c is '\uFFFE' or '\uFFFF' or '\u2028' or '\u2029' or '\uFEFF' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>
    /// <paramref name="text"/> made safe for the inside of a <c>#</c> comment: on one line (control characters, line
    /// breaks escaped, as in logs) and cut at 200 characters.
    /// </summary>
    public static string Comment(string text) => Hale.Text.SafeText.Escape(text, 200);
}
