using System.Globalization;
using Hale.Processes;

namespace Hale.Logs;

/// <summary>One line a service's child wrote, as kept by <see cref="ServiceLog"/>.</summary>
/// <param name="At">When Hale read it (UTC, from the supervisor's clock).</param>
/// <param name="Stream">Stdout or stderr.</param>
/// <param name="Text">The line with its control characters escaped (see <see cref="Text.SafeText.Escape"/>): never a line break.</param>
internal readonly record struct ServiceLogLine(DateTimeOffset At, OutputStream Stream, string Text)
{
    /// <summary>The stream's name as shown to operators: <c>stdout</c> or <c>stderr</c>.</summary>
    public string StreamName => Stream == OutputStream.Stderr ? "stderr" : "stdout";

    /// <summary>The line as a log file holds it: <c>2026-12-01T03:06:45.123Z stdout TEXT</c> and a newline.</summary>
    /// <returns>The line.</returns>
    public string ToFileLine() =>
        string.Create(CultureInfo.InvariantCulture, $"{At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {StreamName} {Text}\n");
}
