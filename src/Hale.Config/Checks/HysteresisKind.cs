using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>hysteresis: { check, initial, ok_after, fail_after }</c> → <see cref="Hysteresis"/>; both thresholds are required.</summary>
internal sealed class HysteresisKind : ICheckKind
{
    public string Name => "hysteresis";

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        var before = c.Errors.Count;
        if (MappingReader.Open(value, c.Errors, Name, "check", "initial", "ok_after", "fail_after") is not { } map)
        {
            return null;
        }

        var inner = map.Required("check") is { } i ? reader.Read(i, path.Child("check")) : null;
        var initial = map.Optional("initial") is { } s ? ConfigValues.State(s, c.Errors, "initial") : CheckDefaults.InitialState;
        var okAfter = map.Required("ok_after") is { } o ? ConfigValues.Threshold(o, c.Errors, "ok_after") : null;
        var failAfter = map.Required("fail_after") is { } f ? ConfigValues.Threshold(f, c.Errors, "fail_after") : null;
        if (c.Errors.Count > before || inner is null || initial is null || okAfter is null || failAfter is null)
        {
            return null;
        }

        return c.Construct(value, Name, () => new Hysteresis(inner, initial.Value, okAfter.Value, failAfter.Value, c.Time));
    }
}
