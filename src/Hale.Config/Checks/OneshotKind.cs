using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>
/// <c>oneshot: { default, auth: { htpasswd } }</c> → <see cref="Oneshot"/> with an <see cref="HtpasswdFile"/>
/// (not read until a POST), persisted under its path's key (e.g. <c>mail-u5.to_ok</c>). <c>oneshot: {}</c> takes the defaults.
/// </summary>
internal sealed class OneshotKind : ICheckKind
{
    /// <summary>The keys of <c>oneshot:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "Answers its default state, and the other state once after each POST (to its check's URL, with on_post).",
        new("default", ValueSchemas.State, "The state between POSTs: ok or fail. Default fail."),
        new("auth", ConfigurationReader.AuthSpec.Schema, "Credentials a POST needs; default: none."));

    public string Name => "oneshot";

    public string Description => Spec.Description + " oneshot: {} (or nothing) takes the defaults.";

    public SchemaNode Schema { get; } = SchemaNode.AnyOf(SchemaNode.Null, Spec.Schema);

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        var before = c.Errors.Count;
        var empty = new YamlMappingNode();
        if (MappingReader.Open(YamlValues.IsNull(value) ? empty : value, c.Errors, Name, Spec) is not { } map)
        {
            return null;
        }

        var state = map.Optional("default") is { } d ? ConfigValues.State(d, c.Errors, "default") : CheckDefaults.OneshotDefault;
        var auth = map.Optional("auth") is { } a ? Auth(a, reader.Context) : null;
        var slot = c.Slot(path, value);
        if (c.Errors.Count > before || state is null)
        {
            return null;
        }

        return c.Construct(value, Name, () => new Oneshot(state.Value, auth, slot));
    }

    private static HtpasswdFile? Auth(YamlNode node, CheckBuildContext c)
    {
        if (MappingReader.Open(node, c.Errors, "auth", ConfigurationReader.AuthSpec) is not { } map)
        {
            return null;
        }

        return map.Required("htpasswd") is { } h && ConfigValues.Path(h, c.Errors, "htpasswd", c.BaseDirectory) is { } file
            ? new HtpasswdFile(file, c.Time, c.AuthLimits)
            : null;
    }
}
