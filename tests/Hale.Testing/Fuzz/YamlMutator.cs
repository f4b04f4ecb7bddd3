using System.Globalization;
using System.Text;

namespace Hale.Testing.Fuzz;

/// <summary>
/// One random change to a YAML text at a time: characters deleted, inserted or replaced with YAML-significant ones,
/// lines duplicated, swapped, deleted or re-indented, the text truncated, a scalar replaced with a random token, a huge
/// or negative number or nothing, or a run of brackets (deep nesting). Deterministic for a given <see cref="Random"/>.
/// </summary>
/// <param name="random">The source of every choice.</param>
public sealed class YamlMutator(Random random)
{
    private static readonly string[] Significant = ["{", "}", "[", "]", ":", "-", ",", "#", "&", "*", "!", "|", ">", "'", "\"", "\t", "\n", ": ", "- ", "? "];

    private static readonly string[] Scalars =
    [
        "", "0", "-1", "-2147483649", "99999999999999999999999999", "9223372036854775808", "1e400", "NaN", "~", "null", "true",
        "\"\"", "''", "x", "zzz", "-5s", "0ms", "99999999h", "1.5.5s", "[]", "{}", "*a", "&a", "!!binary", "!tag x", "%", "@", "`",
        "\"\\u0000\"", "\"\\x\"", "127.0.0.1:99999", "[::1]:80", "\"[::1]:0\"", "/", "..", "unix://", "tcp://:", "http://", "a:b/c",
    ];

    private readonly Random _random = random;

    /// <summary>Applies one random mutation.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The mutated text and what was done (positions as LINE:COL of the input, 1-based).</returns>
    public (string Text, string Mutation) Mutate(string text)
    {
        return _random.Next(13) switch
        {
            0 => DeleteCharacters(text),
            1 or 2 => Insert(text),
            3 => Replace(text),
            4 => DuplicateLine(text),
            5 => SwapLines(text),
            6 => DeleteLine(text),
            7 => Reindent(text),
            8 => Truncate(text),
            9 or 10 => ReplaceScalar(text),
            11 => Nest(text),
            _ => Insert(text),
        };
    }

    private int Offset(string text) => _random.Next(text.Length + 1);

    private (string, string) DeleteCharacters(string text)
    {
        if (text.Length == 0)
        {
            return Insert(text);
        }

        var at = _random.Next(text.Length);
        var length = Math.Min(text.Length - at, 1 + _random.Next(_random.Next(2) == 0 ? 1 : 8));
        return (text.Remove(at, length), $"delete {length} at {Where(text, at)}");
    }

    private (string, string) Insert(string text)
    {
        var at = Offset(text);
        var what = Pick(Significant);
        return (text.Insert(at, what), $"insert {Show(what)} at {Where(text, at)}");
    }

    private (string, string) Replace(string text)
    {
        if (text.Length == 0)
        {
            return Insert(text);
        }

        var at = _random.Next(text.Length);
        var what = Pick(Significant);
        return (text.Remove(at, 1).Insert(at, what), $"replace {Show(text[at].ToString())} with {Show(what)} at {Where(text, at)}");
    }

    private (string, string) DuplicateLine(string text)
    {
        var lines = Lines(text);
        var i = _random.Next(lines.Count);
        lines.Insert(i, lines[i]);
        return (Join(lines), $"duplicate line {i + 1}");
    }

    private (string, string) SwapLines(string text)
    {
        var lines = Lines(text);
        var i = _random.Next(lines.Count);
        var j = _random.Next(2) == 0 ? Math.Min(i + 1, lines.Count - 1) : _random.Next(lines.Count);
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return (Join(lines), $"swap lines {i + 1} and {j + 1}");
    }

    private (string, string) DeleteLine(string text)
    {
        var lines = Lines(text);
        var i = _random.Next(lines.Count);
        lines.RemoveAt(i);
        return (Join(lines), $"delete line {i + 1}");
    }

    private (string, string) Reindent(string text)
    {
        var lines = Lines(text);
        var i = _random.Next(lines.Count);
        var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
        var choice = _random.Next(3);
        var body = lines[i][indent..];
        var newIndent = choice switch
        {
            0 => indent + 1 + _random.Next(4),
            1 => Math.Max(0, indent - 1 - _random.Next(4)),
            _ => -1,
        };
        lines[i] = newIndent < 0 ? "\t" + body : new string(' ', newIndent) + body;
        return (Join(lines), $"indent line {i + 1} from {indent} to {(newIndent < 0 ? "a tab" : newIndent.ToString(CultureInfo.InvariantCulture))}");
    }

    private (string, string) Truncate(string text)
    {
        var at = Offset(text);
        return (text[..at], $"truncate at {Where(text, at)}");
    }

    /// <summary>Replaces the value after a <c>KEY: </c> (up to the end of the line, a <c>,</c> or a <c>}</c>).</summary>
    private (string, string) ReplaceScalar(string text)
    {
        var starts = new List<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] == ':' && text[i + 1] == ' ')
            {
                starts.Add(i + 2);
            }
        }

        if (starts.Count == 0)
        {
            return Insert(text);
        }

        var start = starts[_random.Next(starts.Count)];
        while (start < text.Length && text[start] == ' ')
        {
            start++;
        }

        var end = start;
        while (end < text.Length && text[end] is not ('\n' or ',' or '}' or '#'))
        {
            end++;
        }

        var token = _random.Next(4) == 0 ? RandomToken() : Pick(Scalars);
        return (text.Remove(start, end - start).Insert(start, token), $"replace scalar {Show(text[start..end])} at {Where(text, start)} with {Show(token)}");
    }

    /// <summary>A run of opening brackets, or a value nested many levels deep: the parser must not recurse without limit.</summary>
    private (string, string) Nest(string text)
    {
        var at = Offset(text);
        var depth = _random.Next(2) == 0 ? 10 + _random.Next(90) : 1_000 + _random.Next(20_000);
        var what = _random.Next(3) switch
        {
            0 => new string('[', depth),
            1 => string.Concat(Enumerable.Repeat("{a: ", depth)),
            _ => new string('[', depth) + new string(']', depth),
        };
        return (text.Insert(at, what), $"insert {depth} levels of nesting ({Show(what[..Math.Min(4, what.Length)])}...) at {Where(text, at)}");
    }

    private string RandomToken()
    {
        var chars = new StringBuilder();
        var length = _random.Next(1, 12);
        for (var i = 0; i < length; i++)
        {
            chars.Append((char)_random.Next(0x20, 0x7f));
        }

        return chars.ToString();
    }

    private string Pick(string[] choices) => choices[_random.Next(choices.Length)];

    private static List<string> Lines(string text) => [.. text.Split('\n')];

    private static string Join(List<string> lines) => string.Join('\n', lines);

    private static string Where(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"{line}:{column}";
    }

    private static string Show(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "'";
}
