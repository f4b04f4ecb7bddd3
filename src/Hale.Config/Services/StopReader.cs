using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Processes;
using Hale.Services;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Services;

/// <summary><c>stop: { signal: TERM, timeout: 10s }</c> (then SIGKILL of the group); a plain string is the stop command of a daemon Hale does not own.</summary>
internal static class StopReader
{
    /// <summary>The keys of <c>stop:</c> as a mapping.</summary>
    public static readonly MappingSpec Spec = new(
        "How a child Hale owns is stopped: the signal, then SIGKILL of its process group after the timeout.",
        new("signal", SchemaNode.Text, "The signal: a name (TERM, SIGHUP, USR1) or a number. Default TERM."),
        new("timeout", ValueSchemas.Duration, "How long to wait for it to exit before SIGKILL; more than zero. Default 10s."));

    public static StopPolicy? Read(YamlMappingNode node, ErrorSink errors)
    {
        var before = errors.Count;
        if (MappingReader.Open(node, errors, "stop", Spec) is not { } map)
        {
            return null;
        }

        var signal = StopPolicy.Default.Signal;
        if (map.Optional("signal") is { } s && YamlValues.String(s, errors, "signal") is { } name)
        {
            try
            {
                signal = ProcessSignals.Parse(name);
            }
            catch (FormatException ex)
            {
                errors.Add(s, $"signal: {ex.Message}");
            }
        }

        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, errors, "timeout", positive: true) : StopPolicy.Default.Timeout;
        return errors.Count > before || timeout is null ? null : new StopPolicy(signal, timeout.Value);
    }
}
