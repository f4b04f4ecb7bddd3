using System.Text;

namespace Hale.Config.Importers;

/// <summary>
/// Heartbeat ran a command as <c>command.split()</c> without a shell; Hale runs commands with <c>/bin/sh -c</c>. This
/// writes the same words as a shell line that gives the program the same argument vector. Stateless.
/// </summary>
internal static class ShellWords
{
    /// <summary>
    /// The words of <paramref name="command"/> (split at whitespace) as a shell line: joined by single spaces when none holds a
    /// character the shell would read differently, each single-quoted otherwise (<paramref name="quoted"/>).
    /// </summary>
    public static string FromWhitespaceSplit(string command, out bool quoted)
    {
        var words = command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        quoted = words.Any(w => !w.All(Plain));
        return string.Join(' ', quoted ? words.Select(Quote) : words);
    }

    /// <summary><paramref name="word"/> in single quotes (a <c>'</c> inside written <c>'\''</c>).</summary>
    public static string Quote(string word) => new StringBuilder("'").Append(word.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'').ToString();

    /// <summary>Characters the shell reads literally in any position of a word (no <c>=</c>, <c>~</c>, globs, quotes, expansions).</summary>
    private static bool Plain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or ':' or '@' or '%' or '+' or ',' or '-';
}
