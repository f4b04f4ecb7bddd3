using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
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
    public string Name => "oneshot";

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        var before = c.Errors.Count;
        var empty = new YamlMappingNode();
        if (MappingReader.Open(YamlValues.IsNull(value) ? empty : value, c.Errors, Name, "default", "auth") is not { } map)
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
        if (MappingReader.Open(node, c.Errors, "auth", "htpasswd") is not { } map)
        {
            return null;
        }

        return map.Required("htpasswd") is { } h && ConfigValues.Path(h, c.Errors, "htpasswd", c.BaseDirectory) is { } file
            ? new HtpasswdFile(file, c.Time, c.AuthLimits)
            : null;
    }
}
