using Hale.Checks;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using Hale.Probes;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>command: { run, timeout }</c> or <c>command: "shell line"</c> → <see cref="CommandCheck"/>.</summary>
internal sealed class CommandKind : ICheckKind
{
    /// <summary>The keys of <c>command:</c> as a mapping.</summary>
    public static readonly MappingSpec Spec = new(
        "OK iff a shell command exits 0 within the timeout.",
        KeySpec.Must("run", SchemaNode.Text, "The command line, run by /bin/sh -c."),
        new("timeout", ValueSchemas.Duration, "How long it may run (then its process group is killed); more than zero. Default 10s."));

    public string Name => "command";

    public string Description => "OK iff a shell command exits 0 within the timeout: the command line, or { run, timeout }.";

    public SchemaNode Schema { get; } = SchemaNode.AnyOf(SchemaNode.Text, Spec.Schema);

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        if (value is YamlScalarNode && !YamlValues.IsNull(value))
        {
            return YamlValues.String(value, c.Errors, Name) is { } line
                ? c.Construct(value, Name, () => new CommandCheck(line, CheckDefaults.Timeout, c.Time))
                : null;
        }

        var before = c.Errors.Count;
        if (MappingReader.Open(value, c.Errors, Name, Spec) is not { } map)
        {
            return null;
        }

        var run = map.Required("run") is { } r ? YamlValues.String(r, c.Errors, "run") : null;
        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, c.Errors, "timeout", positive: true) : CheckDefaults.Timeout;
        if (c.Errors.Count > before || run is null || timeout is null)
        {
            return null;
        }

        return c.Construct(value, Name, () => new CommandCheck(run, timeout.Value, c.Time));
    }
}
