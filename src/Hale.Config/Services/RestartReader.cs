using Hale.Config.Schema;
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
    /// <summary>The keys of <c>restart: { backoff }</c>.</summary>
    public static readonly MappingSpec BackoffSpec = new(
        "The delay before a restart: from initial, doubling with each consecutive failure up to max, less a random share (jitter).",
        new("initial", ValueSchemas.Duration, "The first delay; 0 restarts at once. Default 200ms."),
        new("max", ValueSchemas.Duration, "The longest delay; not less than initial. Default 30s."),
        new("jitter", SchemaNode.Number(0, 1), "The share of each delay that is random, from 0 to 1 (a delay is shortened by up to that share). Default 0.2."));

    /// <summary>The keys of <c>restart: { limit }</c>.</summary>
    public static readonly MappingSpec LimitSpec = new(
        "How many starts are allowed within a window before the service is held.",
        KeySpec.Must("starts", SchemaNode.Integer(1, 1_000_000), "The most starts within 'within'."),
        KeySpec.Must("within", ValueSchemas.Duration, "The window; more than zero."),
        new("then", SchemaNode.Pattern("^\\s*hold(?:\\s+" + DurationParser.SchemaPattern[1..^1] + ")?\\s*$"), "'hold 5m' (held for that long, then started again) or 'hold' (until an operator resets it). Default hold 5m."));

    /// <summary>The keys of <c>restart:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "When and how often a service that exits is started again.",
        new("backoff", BackoffSpec.Schema, "The delay before each restart."),
        new("reset_after", ValueSchemas.Duration, "After running this long without exiting, the backoff starts over from initial; more than zero. Default 60s."),
        new("start_window", ValueSchemas.Duration, "An exit within this time after a start is a failed start (supervisord's startsecs). Default 1s."),
        new("limit", LimitSpec.Schema, "The start limit. Default: 10 starts within 150s, then hold 5m."));

    public static RestartPolicy? Read(YamlNode node, ErrorSink errors)
    {
        var before = errors.Count;
        if (MappingReader.Open(node, errors, "restart", Spec) is not { } map)
        {
            return null;
        }

        var policy = new RestartPolicy();
        if (map.Optional("backoff") is { } backoff && MappingReader.Open(backoff, errors, "backoff", BackoffSpec) is { } b)
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
        if (MappingReader.Open(node, errors, "limit", LimitSpec) is not { } map)
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
