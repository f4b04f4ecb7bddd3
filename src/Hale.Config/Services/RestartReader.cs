using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Services;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Services;

/// <summary>
/// <c>restart: { backoff: { initial, max, jitter }, reset_after, start_window, limit: { starts, within, then } }</c>;
/// <c>then</c> is <c>hold 5m</c>, or <c>hold</c> (until an operator resets the service).
/// </summary>
internal static class RestartReader
{
    public static RestartPolicy? Read(YamlNode node, ErrorSink errors)
    {
        var before = errors.Count;
        if (MappingReader.Open(node, errors, "restart", "backoff", "reset_after", "start_window", "limit") is not { } map)
        {
            return null;
        }

        var policy = new RestartPolicy();
        if (map.Optional("backoff") is { } backoff && MappingReader.Open(backoff, errors, "backoff", "initial", "max", "jitter") is { } b)
        {
            policy = policy with
            {
                BackoffInitial = Duration(b, "initial", errors, positive: false) ?? policy.BackoffInitial,
                BackoffMax = Duration(b, "max", errors, positive: true) ?? policy.BackoffMax,
                Jitter = b.Optional("jitter") is { } j ? Fraction(j, errors) ?? policy.Jitter : policy.Jitter,
            };
            if (policy.BackoffMax < policy.BackoffInitial)
            {
                errors.Add(backoff, "backoff: max must not be less than initial");
            }
        }

        policy = policy with
        {
            ResetAfter = Duration(map, "reset_after", errors, positive: true) ?? policy.ResetAfter,
            StartWindow = Duration(map, "start_window", errors, positive: false) ?? policy.StartWindow,
        };
        if (map.Optional("limit") is { } limit && Limit(limit, errors) is { } l)
        {
            policy = policy with { Limit = l };
        }

        return errors.Count > before ? null : policy;
    }

    private static StartLimit? Limit(YamlNode node, ErrorSink errors)
    {
        if (MappingReader.Open(node, errors, "limit", "starts", "within", "then") is not { } map)
        {
            return null;
        }

        var starts = map.Required("starts") is { } s ? YamlValues.Integer(s, errors, "starts", 1, 1_000_000) : null;
        var within = map.Required("within") is { } w ? ConfigValues.Duration(w, errors, "within", positive: true) : null;
        TimeSpan? hold = StartLimit.Default.Hold;
        if (map.Optional("then") is { } then && YamlValues.String(then, errors, "then") is { } text)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 1 && words[0] == "hold")
            {
                hold = null;
            }
            else if (words.Length == 2 && words[0] == "hold" && DurationParser.TryParse(words[1], out var d, out _) && d > DurationParser.Maximum)
            {
                errors.Add(then, $"then: {DurationParser.TooLong(words[1])}");
                return null;
            }
            else if (words.Length == 2 && words[0] == "hold" && DurationParser.TryParse(words[1], out d, out _) && d > TimeSpan.Zero)
            {
                hold = d;
            }
            else
            {
                errors.Add(then, $"then: expected 'hold DURATION' (e.g. hold 5m) or 'hold' (until an operator resets it), found '{text}'");
                return null;
            }
        }

        return starts is null || within is null ? null : new StartLimit(starts.Value, within.Value, hold);
    }

    private static TimeSpan? Duration(MappingReader map, string key, ErrorSink errors, bool positive) =>
        map.Optional(key) is { } node ? ConfigValues.Duration(node, errors, key, positive) : null;

    private static double? Fraction(YamlNode node, ErrorSink errors)
    {
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value is >= 0 and <= 1)
        {
            return value;
        }

        errors.Add(node, $"jitter: expected a number from 0 to 1, found {YamlValues.Describe(node)}");
        return null;
    }
}
