using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Values;

/// <summary>Readers of Hale's value types (durations, thresholds, states, ports, paths); each reports at the node and returns null.</summary>
internal static class ConfigValues
{
    /// <summary>A duration; zero allowed unless <paramref name="positive"/>.</summary>
    public static TimeSpan? Duration(YamlNode node, ErrorSink errors, string what, bool positive)
    {
        if (node is not YamlScalarNode { Value: { } text } || YamlValues.IsNull(node))
        {
            errors.Add(node, $"{what}: expected a duration ({DurationParser.Examples}), found {YamlValues.Describe(node)}");
            return null;
        }

        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            errors.Add(node, $"{what}: {error}");
            return null;
        }

        if (duration > DurationParser.Maximum)
        {
            errors.Add(node, $"{what}: {DurationParser.TooLong(text)}");
            return null;
        }

        if (positive && duration == TimeSpan.Zero)
        {
            errors.Add(node, $"{what}: must be greater than zero");
            return null;
        }

        return duration;
    }

    /// <summary>A size in bytes (<see cref="SizeParser"/>), at least <paramref name="minimum"/>.</summary>
    public static long? Size(YamlNode node, ErrorSink errors, string what, long minimum)
    {
        if (node is not YamlScalarNode { Value: { } text } || YamlValues.IsNull(node))
        {
            errors.Add(node, $"{what}: expected a size ({SizeParser.Examples}), found {YamlValues.Describe(node)}");
            return null;
        }

        if (!SizeParser.TryParse(text, out var bytes, out var error))
        {
            errors.Add(node, $"{what}: {error}");
            return null;
        }

        if (bytes < minimum)
        {
            errors.Add(node, $"{what}: must be at least {minimum} bytes, not '{text.Trim()}'");
            return null;
        }

        return bytes;
    }

    /// <summary>A hysteresis threshold: an integer ≥ 1 is a count, a duration (&gt; 0) a time.</summary>
    public static Threshold? Threshold(YamlNode node, ErrorSink errors, string what)
    {
        if (YamlValues.IsInteger(node, out var count))
        {
            if (count is < 1 or > int.MaxValue)
            {
                errors.Add(node, $"{what}: a count must be at least 1, not {count}");
                return null;
            }

            return Combinators.Threshold.Count((int)count);
        }

        if (node is not YamlScalarNode { Value: { } text } || YamlValues.IsNull(node) || !DurationParser.TryParse(text, out _, out _))
        {
            errors.Add(node, $"{what}: expected a count (an integer ≥ 1) or a duration ({DurationParser.Examples}), found {YamlValues.Describe(node)}");
            return null;
        }

        return Duration(node, errors, what, positive: true) is { } duration
            ? Combinators.Threshold.Duration(duration)
            : null;
    }

    /// <summary><c>ok</c> or <c>fail</c>, in any case.</summary>
    public static HealthState? State(YamlNode node, ErrorSink errors, string what)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            if (text.Equals("ok", StringComparison.OrdinalIgnoreCase))
            {
                return HealthState.Ok;
            }

            if (text.Equals("fail", StringComparison.OrdinalIgnoreCase))
            {
                return HealthState.Fail;
            }
        }

        errors.Add(node, $"{what}: expected ok or fail, found {YamlValues.Describe(node)}");
        return null;
    }

    /// <summary>A TCP port: 1..65535 or a service name of <c>/etc/services</c>.</summary>
    public static int? Port(YamlNode node, ErrorSink errors, string what)
    {
        if (YamlValues.IsInteger(node, out _))
        {
            return YamlValues.Integer(node, errors, what, 1, 65535);
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } name } || YamlValues.IsNull(node))
        {
            errors.Add(node, $"{what}: expected a port (1..65535) or a service name, found {YamlValues.Describe(node)}");
            return null;
        }

        if (ServiceNames.TryResolve(name, ServiceNames.DefaultPath, out var port))
        {
            return port;
        }

        errors.Add(node, $"{what}: '{name}' is neither a port number nor a TCP service name in {ServiceNames.DefaultPath}");
        return null;
    }

    /// <summary>A file path, made absolute against <paramref name="baseDirectory"/> (the configuration's folder).</summary>
    public static string? Path(YamlNode node, ErrorSink errors, string what, string baseDirectory)
    {
        if (YamlValues.String(node, errors, what) is not { } text)
        {
            return null;
        }

        try
        {
            return System.IO.Path.GetFullPath(text, baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add(node, $"{what}: '{text}' is not a valid path: {ex.Message}");
            return null;
        }
    }
}
