using System.Globalization;

namespace Hale.Hosting.Explain;

/// <summary>How explanations write times and durations: ISO 8601 UTC to the second, and durations such as <c>4m12s</c>.</summary>
internal static class ExplainFormat
{
    /// <summary>An instant as ISO 8601 UTC to the second, e.g. <c>2026-01-01T12:01:07Z</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A duration for people: <c>350 ms</c> under a second, <c>42 s</c> under a minute, then <c>4m12s</c>, <c>2h05m</c>, <c>3d04h</c>.
    /// Negative durations are shown as zero.
    /// </summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span switch
        {
            { TotalSeconds: < 1 } => $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
            { TotalMinutes: < 1 } => $"{((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s",
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours:00}h"),
        };
    }

    /// <summary>A configured length of time in seconds, e.g. <c>150 s</c> or <c>0.2 s</c>.</summary>
    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
}
