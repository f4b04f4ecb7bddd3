using System.Globalization;

namespace Hale.Probes;

/// <summary>
/// The HTTP status codes an <see cref="HttpCheck"/> accepts: single codes (<c>200</c>) and classes (<c>"2xx"</c>). Immutable.
/// </summary>
public sealed class ExpectedStatusCodes
{
    private readonly (int Low, int High)[] _ranges;

    private ExpectedStatusCodes((int Low, int High)[] ranges, string text)
    {
        _ranges = ranges;
        Text = text;
    }

    /// <summary>Exactly 200, as heartbeat's checks.</summary>
    public static ExpectedStatusCodes Ok200 { get; } = Parse("200");

    /// <summary>Any 2xx, as autoheal's HTTP dependencies.</summary>
    public static ExpectedStatusCodes Success { get; } = Parse("2xx");

    /// <summary>The text this set was parsed from, e.g. <c>200, 204</c>.</summary>
    public string Text { get; }

    /// <summary>Parses a comma-separated list of codes (100..599) and classes (<c>1xx</c>..<c>5xx</c>).</summary>
    /// <param name="text">E.g. <c>200</c>, <c>2xx</c> or <c>200, 204</c>.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">An entry is neither a code in 100..599 nor a class.</exception>
    public static ExpectedStatusCodes Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = new List<(int, int)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = raw.ToLowerInvariant();
            if (entry.Length == 3 && entry.EndsWith("xx", StringComparison.Ordinal) && entry[0] is >= '1' and <= '5')
            {
                var hundred = (entry[0] - '0') * 100;
                ranges.Add((hundred, hundred + 99));
            }
            else if (int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
            {
                ranges.Add((code, code));
            }
            else
            {
                throw new FormatException($"'{raw}' is not an HTTP status code (100..599) or class (2xx)");
            }
        }

        if (ranges.Count == 0)
        {
            throw new FormatException("no status code given");
        }

        return new ExpectedStatusCodes([.. ranges], string.Join(", ", text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>Whether <paramref name="statusCode"/> is accepted.</summary>
    /// <param name="statusCode">The final status code.</param>
    /// <returns>True when accepted.</returns>
    public bool Accepts(int statusCode) => _ranges.Any(r => statusCode >= r.Low && statusCode <= r.High);

    /// <inheritdoc />
    public override string ToString() => Text;
}
