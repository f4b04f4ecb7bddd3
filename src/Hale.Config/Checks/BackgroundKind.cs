using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>background: { every, check, initial }</c> → <see cref="Background"/>, constructed only: its loop is not started.</summary>
internal sealed class BackgroundKind : ICheckKind
{
    public string Name => "background";

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        var before = c.Errors.Count;
        if (MappingReader.Open(value, c.Errors, Name, "every", "check", "initial") is not { } map)
        {
            return null;
        }

        var every = map.Required("every") is { } e ? ConfigValues.Duration(e, c.Errors, "every", positive: true) : null;
        var inner = map.Required("check") is { } i ? reader.Read(i, path.Child("check")) : null;
        var initial = map.Optional("initial") is { } s ? ConfigValues.State(s, c.Errors, "initial") : CheckDefaults.InitialState;
        if (c.Errors.Count > before || every is null || inner is null || initial is null)
        {
            return null;
        }

        return c.Construct(value, Name, () => new Background(inner, every.Value, initial.Value, c.Time));
    }
}
