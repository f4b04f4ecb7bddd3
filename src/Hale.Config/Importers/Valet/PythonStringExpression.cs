using System.Text;
using Hale.Text;

namespace Hale.Config.Importers.Valet;

/// <summary>
/// Evaluates, without <c>eval</c>, the Python string expressions ha_valet's command values are (COMPAT §2): a quoted string
/// (<c>"…"</c> or <c>'…'</c>; inside it <c>\'</c>, <c>\"</c> and <c>\\</c> are unescaped, other unknown escapes such as <c>\$</c>
/// stay as written, as in Python), optionally followed by <c>% (name, name, …)</c> or <c>% name</c> whose names are keys of the
/// same section, formatting <c>%s</c> and <c>%%</c>; without <c>%</c>, <c>%(name)s</c> in the string is replaced by that key's
/// value. Anything else (another conversion, a missing or extra argument, an unknown name, text after the expression) is an
/// error. Pure and thread-safe.
/// </summary>
internal static class PythonStringExpression
{
    /// <summary>Evaluates <paramref name="expression"/>.</summary>
    /// <param name="expression">The value as written (trimmed).</param>
    /// <param name="lookup">A name's value, or an error message (<c>Error</c> set) when the name cannot be used.</param>
    /// <param name="error">Why the expression is not one of the supported forms, or null.</param>
    /// <returns>The string, or null with <paramref name="error"/> set.</returns>
    public static string? Evaluate(string expression, Func<string, (string? Value, string? Error)> lookup, out string? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(lookup);
        var at = 0;
        SkipSpaces(expression, ref at);
        if (at >= expression.Length || expression[at] is not ('"' or '\''))
        {
            error = expression.Length == 0
                ? "the command is empty; expected a quoted string, e.g. \"ssh %s@%s 'cmd'\" % (user, host)"
                : $"expected a quoted string (a Python string expression), found '{SafeText.Escape(expression)}'";
            return null;
        }

        if (ReadString(expression, ref at, out error) is not { } literal)
        {
            return null;
        }

        SkipSpaces(expression, ref at);
        if (at == expression.Length)
        {
            return Interpolate(literal, lookup, out error);
        }

        if (expression[at] is '"' or '\'')
        {
            error = "adjacent strings are not supported; write one quoted string";
            return null;
        }

        if (expression[at] != '%')
        {
            error = $"unexpected '{SafeText.Escape(expression[at..])}' after the string (only % (name, …) or % name may follow it)";
            return null;
        }

        at++;
        if (ReadNames(expression, ref at, out error) is not { } names)
        {
            return null;
        }

        var values = new List<string>(names.Count);
        foreach (var name in names)
        {
            var (value, problem) = lookup(name);
            if (value is null)
            {
                error = problem ?? $"'{name}' is not a key of this section";
                return null;
            }

            values.Add(value);
        }

        return Format(literal, values, out error);
    }

    /// <summary>A quoted string at <paramref name="at"/>, unescaped; <paramref name="at"/> ends after the closing quote.</summary>
    private static string? ReadString(string text, ref int at, out string? error)
    {
        var quote = text[at];
        if (at + 2 < text.Length && text[at + 1] == quote && text[at + 2] == quote)
        {
            error = "triple-quoted strings are not supported; use one pair of quotes";
            return null;
        }

        var value = new StringBuilder();
        for (var i = at + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote)
            {
                at = i + 1;
                if (at < text.Length && text[at] is '"' or '\'')
                {
                    error = "adjacent strings are not supported; write one quoted string";
                    return null;
                }

                error = null;
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (i + 1 == text.Length)
            {
                break;
            }

            var next = text[++i];
            switch (next)
            {
                case '\'' or '"' or '\\':
                    value.Append(next);
                    break;
                case 'n' or 't' or 'r' or 'a' or 'b' or 'f' or 'v' or 'x' or 'N' or 'u' or 'U' or (>= '0' and <= '7'):
                    error = $"the escape '\\{next}' is not supported in a command (only \\' \\\" and \\\\)";
                    return null;
                default:
                    value.Append('\\').Append(next); // Python keeps an unknown escape as written (\$ is \$).
                    break;
            }
        }

        error = $"the string opened with {quote} is not closed";
        return null;
    }

    /// <summary><c>(name, name, …)</c>, <c>(name)</c>, <c>()</c> or <c>name</c>, and nothing after it.</summary>
    private static List<string>? ReadNames(string text, ref int at, out string? error)
    {
        SkipSpaces(text, ref at);
        var names = new List<string>();
        if (at < text.Length && text[at] == '(')
        {
            at++;
            while (true)
            {
                SkipSpaces(text, ref at);
                if (at < text.Length && text[at] == ')')
                {
                    at++;
                    break;
                }

                if (ReadName(text, ref at) is not { } name)
                {
                    error = at < text.Length
                        ? $"expected a key name in the % (…) list, found '{SafeText.Escape(text[at..])}'"
                        : "the % (…) list is not closed with ')'";
                    return null;
                }

                names.Add(name);
                SkipSpaces(text, ref at);
                if (at < text.Length && text[at] == ',')
                {
                    at++;
                    continue;
                }

                if (at < text.Length && text[at] == ')')
                {
                    at++;
                    break;
                }

                error = at < text.Length ? $"expected ',' or ')' in the % (…) list, found '{SafeText.Escape(text[at..])}'" : "the % (…) list is not closed with ')'";
                return null;
            }
        }
        else if (ReadName(text, ref at) is { } single)
        {
            names.Add(single);
        }
        else
        {
            error = "expected % (name, …) or % name after the string";
            return null;
        }

        SkipSpaces(text, ref at);
        if (at < text.Length)
        {
            error = $"unexpected '{SafeText.Escape(text[at..])}' after the % arguments";
            return null;
        }

        error = null;
        return names;
    }

    private static string? ReadName(string text, ref int at)
    {
        var start = at;
        while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] == '_'))
        {
            at++;
        }

        return at == start || char.IsAsciiDigit(text[start]) ? null : text[start..at];
    }

    /// <summary>Python's <c>string % tuple</c> for <c>%s</c> and <c>%%</c>.</summary>
    private static string? Format(string literal, List<string> values, out string? error)
    {
        var result = new StringBuilder();
        var next = 0;
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '%')
            {
                result.Append(literal[i]);
                continue;
            }

            var spec = i + 1 < literal.Length ? literal[i + 1] : '\0';
            switch (spec)
            {
                case '%':
                    result.Append('%');
                    i++;
                    continue;
                case 's' when next < values.Count:
                    result.Append(values[next++]);
                    i++;
                    continue;
                case 's':
                    error = $"the string has more %s than the {values.Count} value(s) after %";
                    return null;
                case '(':
                    error = "%(name)s needs a mapping, not % (…): write the names in the % (…) list and %s in the string";
                    return null;
                case '\0':
                    error = "the string ends with a lone '%' (write %% for a literal %)";
                    return null;
                default:
                    error = $"'%{spec}' is not supported in a command (only %s and %%)";
                    return null;
            }
        }

        if (next < values.Count)
        {
            error = $"{values.Count} value(s) after % but only {next} %s in the string";
            return null;
        }

        error = null;
        return result.ToString();
    }

    /// <summary>A string without <c>%</c> after it: <c>%(name)s</c> replaced; every other <c>%</c> stays as written.</summary>
    private static string? Interpolate(string literal, Func<string, (string? Value, string? Error)> lookup, out string? error)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < literal.Length)
        {
            var start = literal.IndexOf("%(", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(literal, i, literal.Length - i);
                break;
            }

            var close = literal.IndexOf(")s", start + 2, StringComparison.Ordinal);
            var name = close < 0 ? string.Empty : literal[(start + 2)..close];
            if (close < 0 || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                result.Append(literal, i, start + 2 - i);
                i = start + 2;
                continue;
            }

            var (value, problem) = lookup(name);
            if (value is null)
            {
                error = problem ?? $"'{name}' in %({name})s is not a key of this section";
                return null;
            }

            result.Append(literal, i, start - i).Append(value);
            i = close + 2;
        }

        error = null;
        return result.ToString();
    }

    private static void SkipSpaces(string text, ref int at)
    {
        while (at < text.Length && text[at] is ' ' or '\t')
        {
            at++;
        }
    }
}
