using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hale.Config.Values;

/// <summary>
/// Parses durations: a number with a unit (<c>500ms</c>, <c>10s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>), units combined
/// from the largest down (<c>1m30s</c>, <c>1h30m</c>), or a bare <c>0</c>.
/// </summary>
internal static partial class DurationParser
{
    public const string Examples = "e.g. 500ms, 10s, 1.5s, 2m, 1h or 1m30s";

    /// <summary>
    /// A duration as the JSON Schema of hale.yaml matches it (ECMA-262): a bare <c>0</c> or at least one unit; the same units
    /// pattern as <see cref="TryParse"/> (the maximum is checked by Hale only).
    /// </summary>
    public const string SchemaPattern = "^(?:0|(?=\\d)" + Units + ")$";

    /// <summary>Hours, minutes, seconds and milliseconds, each optional, largest first (matches the empty string too).</summary>
    private const string Units =
        @"(?:(?<h>\d{1,12}(?:\.\d{1,9})?)h)?(?:(?<m>\d{1,12}(?:\.\d{1,9})?)m(?!s))?(?:(?<s>\d{1,12}(?:\.\d{1,9})?)s)?(?:(?<ms>\d{1,12}(?:\.\d{1,9})?)ms)?";

    /// <summary>
    /// The longest duration a configuration may give (168h, 7 days). Timers hold at most 2^32-2 ms (about 49.7 days) and some
    /// waits an int of milliseconds (about 24.8 days); 7 days keeps even a sum or a doubling of two durations (a backoff with
    /// full jitter, a timeout plus a grace period) well inside both, so a file that loads cannot fail at run time.
    /// </summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromHours(168);

    /// <summary>The maximum as written in a file, for messages.</summary>
    public const string MaximumText = "168h (7 days)";

    /// <summary>The error of a duration over <see cref="Maximum"/>, to be prefixed with the key.</summary>
    public static string TooLong(string text) => $"'{text.Trim()}' is longer than the maximum duration of {MaximumText}";

    public static bool TryParse(string text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        if (BareNumber().IsMatch(text))
        {
            error = $"duration needs a unit (ms, s, m, h): '{text}'";
            return false;
        }

        var match = Combined().Match(text);
        if (text.Length == 0 || !match.Success)
        {
            error = $"bad duration '{text}' ({Examples})";
            return false;
        }

        decimal ticks = 0;
        ticks += Part(match, "h", TimeSpan.TicksPerHour);
        ticks += Part(match, "m", TimeSpan.TicksPerMinute);
        ticks += Part(match, "s", TimeSpan.TicksPerSecond);
        ticks += Part(match, "ms", TimeSpan.TicksPerMillisecond);
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            error = $"duration '{text}' is too long";
            return false;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(ticks));
        return true;
    }

    private static decimal Part(Match match, string unit, long ticksPerUnit)
    {
        var group = match.Groups[unit];
        if (!group.Success)
        {
            return 0;
        }

        // Digits are bounded by the regex; a huge count still fits decimal (28 digits) or overflows to an error below.
        return decimal.TryParse(group.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value * ticksPerUnit
            : decimal.MaxValue / 2;
    }

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BareNumber();

    [GeneratedRegex("^" + Units + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Combined();
}
