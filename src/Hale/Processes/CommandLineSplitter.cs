using System.Collections.Frozen;
using System.Text;

namespace Hale.Processes;

/// <summary>
/// Decides how a service's <c>run:</c> command line is exec'd so that the pid Hale watches and signals is the program's,
/// as systemd's <c>ExecStart</c> and supervisord's <c>command</c> do.
/// </summary>
/// <remarks>
/// <para>
/// The line is read with the POSIX shell's quoting rules: words are separated by spaces and tabs; single quotes keep
/// everything literal; double quotes keep everything but <c>$</c> and <c>`</c>, and a backslash in them escapes only
/// <c>" \ $ `</c>; outside quotes a backslash escapes any character.
/// </para>
/// <list type="bullet">
/// <item><see cref="CommandLineKind.Direct"/>: no shell syntax at all — the words are the argv, exec'd directly.</item>
/// <item><see cref="CommandLineKind.ShellExec"/>: one simple command whose shell syntax is only redirections (<c>&lt; &gt; &gt;&gt; 2&gt;&amp;1</c>…),
/// expansions (<c>$VAR</c>, <c>${…}</c>, <c>$(…)</c>, backticks), patterns (<c>* ? [ ~ { }</c>), leading <c>NAME=value</c>
/// assignments or a trailing comment: <c>/bin/sh -c</c> with <c>exec </c> put right before the command word (after the
/// assignments and leading redirections), so the shell replaces itself with the program.</item>
/// <item><see cref="CommandLineKind.Shell"/>: anything else — lists and pipelines (<c>; &amp; &amp;&amp; || |</c>, a newline between
/// commands), subshells and compound commands (<c>( ) { } if while for case</c>…), here-documents, a command word the shell
/// runs itself (a reserved word or a builtin such as <c>cd</c>, <c>exec</c>, <c>export</c>, <c>exit</c>, <c>trap</c>, <c>echo</c>),
/// a line without a command, or one it cannot read (an unterminated quote, a trailing backslash): <c>/bin/sh -c LINE</c>
/// unchanged, where the shell reports its own errors.</item>
/// </list>
/// <para>Newlines before the first and after the last command are ignored (a YAML block scalar ends with one). Pure and thread-safe.</para>
/// </remarks>
internal static class CommandLineSplitter
{
    /// <summary>The shell for lines with shell syntax.</summary>
    public const string ShellPath = "/bin/sh";

    /// <summary>Reserved words and builtins: as the command word, <c>exec</c> would not be equivalent (or there is no such program).</summary>
    private static readonly FrozenSet<string> ShellWords = FrozenSet.ToFrozenSet(
    [
        "!", "{", "}", "[[", "]]", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in",
        "select", "then", "time", "until", "while",
        ".", ":", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "times", "trap",
        "unset",
        "[", "alias", "bg", "builtin", "cd", "command", "declare", "echo", "false", "fc", "fg", "getopts", "hash", "jobs", "kill",
        "let", "local", "newgrp", "printf", "pwd", "read", "shopt", "source", "test", "true", "type", "typeset", "ulimit",
        "umask", "unalias", "wait",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Redirections = FrozenSet.ToFrozenSet(["<", ">", ">>", "<&", ">&", "<>", ">|"], StringComparer.Ordinal);

    private enum TokenKind
    {
        Word,
        Redirection,
        Control,
    }

    /// <summary>Classifies <paramref name="commandLine"/> and gives the argv to exec.</summary>
    /// <param name="commandLine">A shell command line.</param>
    /// <returns>The plan; its <see cref="CommandLinePlan.Argv"/> is never empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="commandLine"/> is null.</exception>
    public static CommandLinePlan Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var tokens = new List<Token>();
        if (!TryTokenize(commandLine, tokens, out var comment))
        {
            return AsShell(commandLine);
        }

        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && IsNewline(tokens[first]))
        {
            first++;
        }

        while (last >= first && IsNewline(tokens[last]))
        {
            last--;
        }

        var command = tokens.GetRange(first, last - first + 1);
        if (command.Any(t => t.Kind == TokenKind.Control) || FindCommandWord(command) is not { } commandIndex)
        {
            return AsShell(commandLine);
        }

        var word = command[commandIndex];
        if (!word.Expands && ShellWords.Contains(word.Text))
        {
            return AsShell(commandLine);
        }

        var hasSyntax = comment || commandIndex > 0 || command.Any(t => t.Kind == TokenKind.Redirection || t.Expands || t.IsPattern);
        return hasSyntax
            ? new CommandLinePlan(CommandLineKind.ShellExec, [ShellPath, "-c", string.Concat(commandLine.AsSpan(0, word.Start), "exec ", commandLine.AsSpan(word.Start))])
            : new CommandLinePlan(CommandLineKind.Direct, [.. command.Select(t => t.Text)]);
    }

    private static CommandLinePlan AsShell(string commandLine) => new(CommandLineKind.Shell, [ShellPath, "-c", commandLine]);

    private static bool IsNewline(Token token) => token is { Kind: TokenKind.Control, Text: "\n" };

    /// <summary>The index of the command word (after leading assignments and redirections), or null when there is none or a redirection lacks its target.</summary>
    private static int? FindCommandWord(List<Token> tokens)
    {
        int? command = null;
        for (var k = 0; k < tokens.Count; k++)
        {
            var token = tokens[k];
            if (token.Kind == TokenKind.Redirection)
            {
                if (k + 1 >= tokens.Count || tokens[k + 1].Kind != TokenKind.Word)
                {
                    return null;
                }

                k++;
                continue;
            }

            if (command is null && !token.IsIoNumber && !token.IsAssignment)
            {
                command = k;
            }
        }

        return command;
    }

    private static bool IsOperatorStart(char c) => c is '|' or '&' or ';' or '<' or '>' or '(' or ')' or '\n';

    private static bool IsNameChar(char c, bool first) => char.IsAsciiLetter(c) || c == '_' || (!first && char.IsAsciiDigit(c));

    private static bool TryTokenize(string line, List<Token> tokens, out bool comment)
    {
        comment = false;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c is ' ' or '\t')
            {
                i++;
            }
            else if (c == '#')
            {
                comment = true;
                return true;
            }
            else if (IsOperatorStart(c))
            {
                tokens.Add(ReadOperator(line, ref i));
            }
            else if (TryReadWord(line, ref i, out var word))
            {
                var digitsOnly = !word.Quoted && word.Text.Length > 0 && word.Text.All(char.IsAsciiDigit);
                tokens.Add(digitsOnly && i < line.Length && line[i] is '<' or '>' ? word with { IsIoNumber = true } : word);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static Token ReadOperator(string line, ref int i)
    {
        var start = i;
        var next = i + 1 < line.Length ? line[i + 1] : '\0';
        var text = line[i] switch
        {
            '|' => next == '|' ? "||" : "|",
            '&' => next == '&' ? "&&" : "&",
            ';' => next == ';' ? ";;" : ";",
            '<' => next switch
            {
                '<' => i + 2 < line.Length && line[i + 2] == '-' ? "<<-" : "<<",
                '&' => "<&",
                '>' => "<>",
                _ => "<",
            },
            '>' => next switch
            {
                '>' => ">>",
                '&' => ">&",
                '|' => ">|",
                _ => ">",
            },
            var c => c.ToString(),
        };
        i += text.Length;
        return new Token(Redirections.Contains(text) ? TokenKind.Redirection : TokenKind.Control, text, start);
    }

    /// <summary>Reads one word; false when the shell would have to sort it out (unterminated quote or substitution, trailing backslash, line continuation).</summary>
    private static bool TryReadWord(string line, ref int i, out Token word)
    {
        var start = i;
        var text = new StringBuilder();
        var quoted = false;
        var expands = false;
        var pattern = false;
        var nameSoFar = true;
        var assignment = false;
        word = default;
        while (i < line.Length && line[i] is not (' ' or '\t') && !IsOperatorStart(line[i]))
        {
            var c = line[i];
            var isName = nameSoFar && IsNameChar(c, text.Length == 0);
            switch (c)
            {
                case '\\':
                    if (i + 1 >= line.Length || line[i + 1] == '\n')
                    {
                        return false;
                    }

                    text.Append(line[i + 1]);
                    quoted = true;
                    i += 2;
                    break;
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return false;
                    }

                    text.Append(line, i + 1, close - i - 1);
                    quoted = true;
                    i = close + 1;
                    break;
                case '"':
                    if (!TryReadDoubleQuoted(line, ref i, text, ref expands))
                    {
                        return false;
                    }

                    quoted = true;
                    break;
                case '$':
                case '`':
                    expands = true;
                    if (!TrySkipSubstitution(line, ref i))
                    {
                        return false;
                    }

                    break;
                case '*' or '?' or '[' or '~' or '{' or '}':
                    pattern = true;
                    text.Append(c);
                    i++;
                    break;
                case '=':
                    assignment |= nameSoFar && text.Length > 0;
                    text.Append(c);
                    i++;
                    break;
                default:
                    text.Append(c);
                    i++;
                    break;
            }

            nameSoFar = isName;
        }

        word = new Token(TokenKind.Word, text.ToString(), start, quoted, expands, pattern, assignment);
        return true;
    }

    /// <summary>Reads <c>"…"</c> from the opening quote at <paramref name="i"/>; false when unterminated.</summary>
    private static bool TryReadDoubleQuoted(string line, ref int i, StringBuilder text, ref bool expands)
    {
        i++;
        while (i < line.Length)
        {
            var c = line[i];
            switch (c)
            {
                case '"':
                    i++;
                    return true;
                case '\\':
                    if (i + 1 >= line.Length || line[i + 1] == '\n')
                    {
                        return false;
                    }

                    if (line[i + 1] is '$' or '`' or '"' or '\\')
                    {
                        text.Append(line[i + 1]);
                        i += 2;
                    }
                    else
                    {
                        text.Append('\\');
                        i++;
                    }

                    break;
                case '$':
                case '`':
                    expands = true;
                    if (!TrySkipSubstitution(line, ref i))
                    {
                        return false;
                    }

                    break;
                default:
                    text.Append(c);
                    i++;
                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// Skips a <c>$</c> (with <c>$(…)</c>, <c>$((…))</c> and <c>${…}</c> up to the matching bracket) or a backquoted
    /// substitution from <paramref name="i"/>; a plain <c>$NAME</c> skips only the <c>$</c>. False when unterminated.
    /// </summary>
    private static bool TrySkipSubstitution(string line, ref int i)
    {
        if (line[i] == '`')
        {
            for (var j = i + 1; j < line.Length; j++)
            {
                if (line[j] == '\\')
                {
                    j++;
                }
                else if (line[j] == '`')
                {
                    i = j + 1;
                    return true;
                }
            }

            return false;
        }

        var next = i + 1 < line.Length ? line[i + 1] : '\0';
        if (next is not ('(' or '{'))
        {
            i++;
            return true;
        }

        var open = next;
        var closing = open == '(' ? ')' : '}';
        var depth = 1;
        var k = i + 2;
        while (k < line.Length)
        {
            var c = line[k];
            if (c == '\\')
            {
                k += 2;
                continue;
            }

            if (c is '\'' or '"' or '`')
            {
                var end = FindClosingQuote(line, k);
                if (end < 0)
                {
                    return false;
                }

                k = end + 1;
                continue;
            }

            if (c == open)
            {
                depth++;
            }
            else if (c == closing && --depth == 0)
            {
                i = k + 1;
                return true;
            }

            k++;
        }

        return false;
    }

    /// <summary>The index of the quote closing the one at <paramref name="at"/> (backslashes escape, except in single quotes), or -1.</summary>
    private static int FindClosingQuote(string line, int at)
    {
        var quote = line[at];
        for (var j = at + 1; j < line.Length; j++)
        {
            if (quote != '\'' && line[j] == '\\')
            {
                j++;
            }
            else if (line[j] == quote)
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>A word (its text unquoted) or an operator, and where it starts in the line.</summary>
    private readonly record struct Token(
        TokenKind Kind, string Text, int Start, bool Quoted = false, bool Expands = false, bool IsPattern = false, bool IsAssignment = false, bool IsIoNumber = false);
}
