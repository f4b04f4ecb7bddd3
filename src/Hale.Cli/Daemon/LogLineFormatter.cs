using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>
/// Hale's log line, as the console writes it (<see cref="HaleLogging"/>):
/// <c>2026-11-21T00:02:49.106Z info: Category[EventId] message</c>; an exception follows on its own lines.
/// </summary>
internal static class LogLineFormatter
{
    /// <summary>The longest message written, in characters: 8,000 (then <c>…</c>).</summary>
    public const int MaxMessageLength = 8000;

    /// <summary>Formats one event; the result ends with a newline.</summary>
    /// <param name="timestamp">When it happened; written in UTC with milliseconds.</param>
    /// <param name="level">Its level, written as the console's four letters.</param>
    /// <param name="category">The logger's category.</param>
    /// <param name="eventId">The event id; its number is written.</param>
    /// <param name="message">
    /// The message; control characters in it are escaped (<c>\n</c>, <c>\xNN</c>) and URLs lose their user information and
    /// query (<see cref="Hale.Text.SafeText"/>), so it stays on one line that no value can forge; cut at <see cref="MaxMessageLength"/>.
    /// </param>
    /// <param name="exception">An exception to write after the line, if any.</param>
    /// <returns>The line(s), each terminated by <c>\n</c>.</returns>
    public static string Format(DateTimeOffset timestamp, LogLevel level, string category, EventId eventId, string? message, Exception? exception)
    {
        var line = new StringBuilder(128)
            .Append(timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(LevelText(level))
            .Append(": ")
            .Append(category)
            .Append('[')
            .Append(eventId.Id.ToString(CultureInfo.InvariantCulture))
            .Append(']');
        if (!string.IsNullOrEmpty(message))
        {
            line.Append(' ').Append(Hale.Text.SafeText.ForLog(message, MaxMessageLength));
        }

        line.Append('\n');
        if (exception is not null)
        {
            line.Append(exception.ToString().ReplaceLineEndings("\n")).Append('\n');
        }

        return line.ToString();
    }

    private static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };
}
