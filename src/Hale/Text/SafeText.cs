using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hale.Text;

/// <summary>
/// How a value that came from outside (a user name, a check's detail, a command's output, a configuration value) is echoed
/// in a log line, an error message or an unauthenticated status page: control characters escaped, URLs without their
/// user information and query, and the whole cut to a bounded length. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>Escaping: <c>\n</c>, <c>\r</c>, <c>\t</c> as themselves; every other C0 control, DEL and the C1 controls as
/// <c>\xNN</c>; the line and paragraph separators and the bidirectional overrides as <c>\uNNNN</c>. A backslash is kept
/// as is (so paths stay readable): an escaped line break is two characters, never a line break.</para>
/// <para>Redaction: in <c>scheme://user:password@host/path?query</c> the user information becomes <c>***@</c> and the query
/// <c>?***</c>, giving <c>scheme://***@host/path?***</c>.</para>
/// </remarks>
internal static partial class SafeText
{
    /// <summary>The length a short value (a user name, a configuration value) is cut to: 200 characters.</summary>
    public const int ValueLength = 200;

    /// <summary>The length a check's detail or an output line is cut to in a log line: 500 characters.</summary>
    public const int DetailLength = 500;

    /// <summary>Marks a value that was cut.</summary>
    public const char Ellipsis = '…';

    /// <summary>Escapes the control characters of <paramref name="value"/> and cuts the result to <paramref name="maxLength"/> characters (then <c>…</c>).</summary>
    /// <param name="value">The value; null gives an empty string.</param>
    /// <param name="maxLength">At least 1; <see cref="int.MaxValue"/> for no cut.</param>
    /// <returns>One line of printable text.</returns>
    public static string Escape(string? value, int maxLength = ValueLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value.Length <= maxLength && !NeedsEscape(value))
        {
            return value;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        foreach (var c in value)
        {
            AppendEscaped(text, c);
            if (text.Length > maxLength)
            {
                var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
                return text.ToString(0, cut) + Ellipsis;
            }
        }

        return text.ToString();
    }

    /// <summary>Replaces the user information and the query of every URL in <paramref name="text"/> (see the remarks of <see cref="SafeText"/>).</summary>
    /// <param name="text">Any text; null gives an empty string.</param>
    /// <returns>The text with <c>***@</c> and <c>?***</c> in place of secrets.</returns>
    public static string RedactUrls(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("://", StringComparison.Ordinal))
        {
            return text ?? string.Empty;
        }

        return Url().Replace(text, m =>
            m.Groups["scheme"].Value
            + (m.Groups["userinfo"].Success ? "***@" : string.Empty)
            + m.Groups["rest"].Value
            + (m.Groups["query"].Success ? "?***" : string.Empty));
    }

    /// <summary>A check's detail, a command's output line or a URL for a log line: <see cref="RedactUrls"/>, then <see cref="Escape"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="maxLength">The cut; <see cref="DetailLength"/> by default.</param>
    /// <returns>Printable, redacted, bounded text.</returns>
    public static string ForLog(string? value, int maxLength = DetailLength) => Escape(RedactUrls(value), maxLength);

    private static bool NeedsEscape(string value)
    {
        foreach (var c in value)
        {
            if (IsEscaped(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEscaped(char c) =>
        c < ' ' || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';

    private static void AppendEscaped(StringBuilder text, char c)
    {
        if (!IsEscaped(c))
        {
            text.Append(c);
            return;
        }

        _ = c switch
        {
            '\n' => text.Append("\\n"),
            '\r' => text.Append("\\r"),
            '\t' => text.Append("\\t"),
            <= '\u00ff' => text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
            _ => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
        };
    }

    // scheme://[userinfo@]host/path[?query]: the user information ends at the last '@' before the path; the query at a
    // space, or at a ',' ';' or ')' that ends the text or is followed by a space (punctuation of the sentence around it).
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?:(?<userinfo>[^\s/?#@]*(?:@[^\s/?#@]*)*)@)?(?<rest>[^\s?#""'<>]*)(?<query>\?(?:[^\s#""'<>,;)]|[,;)](?!\s|$))*)?")]
    private static partial Regex Url();
}
