using System.Globalization;
using System.Text;

namespace Hale.Testing.Fuzz;

/// <summary>
/// One random change to a YAML text at a time: characters deleted, inserted or replaced with YAML-significant ones,
/// lines duplicated, swapped, deleted or re-indented, the text truncated, a scalar replaced with a random token, a huge
/// or negative number or nothing, or a run of brackets (deep nesting); and structural attacks: a long chain of references
/// between checks (depth), chained anchors (alias expansion), a duration at or past what timers hold, and a dependency
/// cycle through a service and a check. Deterministic for a given <see cref="Random"/>.
/// </summary>
/// <param name="random">The source of every choice.</param>
public sealed class YamlMutator(Random random)
{
    private static readonly string[] Significant = ["{", "}", "[", "]", ":", "-", ",", "#", "&", "*", "!", "|", ">", "'", "\"", "\t", "\n", ": ", "- ", "? "];

    private static readonly string[] Durations =
    [
        "168h", "168h0m1s", "169h", "1193h", "1194h", "4294967294ms", "4294967295ms", "2147483647ms", "2147483648ms",
        "999999999999h", "10000000000000h", "0.0000000001s", "1h60m", "596h31m23.647s",
    ];

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
        return _random.Next(17) switch
        {
            13 => ReferenceChain(text),
            14 => AliasBomb(text),
            15 => Duration(text),
            16 => Cycle(text),
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

    /// <summary>Top-level checks <c>zcN: { not: zcN+1 }</c>, short (around the limit) or thousands long, after <c>checks:</c>.</summary>
    private (string, string) ReferenceChain(string text)
    {
        var length = _random.Next(2) == 0 ? 28 + _random.Next(10) : 1_000 + _random.Next(10_000);
        var chain = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            chain.Append(CultureInfo.InvariantCulture, $"  zc{i}: {(i + 1 < length ? $"{{ not: zc{i + 1} }}" : "{ tcp: { host: 127.0.0.1, port: 9 } }")}\n");
        }

        return (InsertUnder(text, "checks:", chain.ToString()), $"add a chain of {length} references between checks");
    }

    /// <summary>Chained anchors, each level a list of the previous one ten times ("billion laughs").</summary>
    private (string, string) AliasBomb(string text)
    {
        var levels = 3 + _random.Next(8);
        var bomb = new StringBuilder("zbomb:\n  - &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < levels; i++)
        {
            bomb.Append(CultureInfo.InvariantCulture, $"  - &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        return (text + (text.EndsWith('\n') || text.Length == 0 ? string.Empty : "\n") + bomb, $"append {levels} levels of chained anchors");
    }

    /// <summary>A value after a key replaced with a duration at, just past or far past what timers hold.</summary>
    private (string, string) Duration(string text)
    {
        var keys = new[] { "timeout: ", "every: ", "max: ", "initial: ", "within: ", "check_interval: ", "action_interval: ", "reset_after: ", "start_window: " };
        var starts = keys.SelectMany(k => AllIndexes(text, k).Select(i => i + k.Length)).ToList();
        var value = Pick(Durations);
        if (starts.Count == 0)
        {
            return (InsertUnder(text, string.Empty, $"check_every: {value}\n"), $"add check_every: {value}");
        }

        var start = starts[_random.Next(starts.Count)];
        var end = start;
        while (end < text.Length && text[end] is not ('\n' or ',' or '}' or '#'))
        {
            end++;
        }

        return (text.Remove(start, end - start).Insert(start, value), $"replace duration {Show(text[start..end])} at {Where(text, start)} with {value}");
    }

    /// <summary>A service that depends on a check of its own readiness (or is its own readiness), or a cycle of services.</summary>
    private (string, string) Cycle(string text)
    {
        var (services, checks, what) = _random.Next(3) switch
        {
            0 => ("  zs: { run: \"exec sleep 1\", depends_on: [zcheck] }\n", "  zcheck: { service: zs }\n", "service -> check -> service"),
            1 => ("  zs: { run: \"exec sleep 1\", ready: { all: [zcheck] } }\n", "  zcheck: { not: { service: zs } }\n", "readiness through a check"),
            _ => ("  zs: { run: \"exec sleep 1\", depends_on: [zt] }\n  zt: { run: \"exec sleep 1\", depends_on: [zs] }\n", string.Empty, "two services"),
        };
        text = InsertUnder(text, "services:", services);
        return (checks.Length == 0 ? text : InsertUnder(text, "checks:", checks), $"add a dependency cycle ({what})");
    }

    /// <summary>Inserts <paramref name="lines"/> after the top-level line <paramref name="section"/>, or appends the section.</summary>
    private static string InsertUnder(string text, string section, string lines)
    {
        if (section.Length == 0)
        {
            return lines + text;
        }

        var at = text.StartsWith(section + "\n", StringComparison.Ordinal) ? 0 : text.IndexOf("\n" + section + "\n", StringComparison.Ordinal) + 1;
        if (at > 0 || text.StartsWith(section + "\n", StringComparison.Ordinal))
        {
            var after = at + section.Length + 1;
            return text.Insert(after, lines);
        }

        return text + (text.EndsWith('\n') || text.Length == 0 ? string.Empty : "\n") + section + "\n" + lines;
    }

    private static IEnumerable<int> AllIndexes(string text, string value)
    {
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            yield return i;
        }
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
