using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>hysteresis: { check, initial, ok_after, fail_after }</c> → <see cref="Hysteresis"/>; both thresholds are required.</summary>
internal sealed class HysteresisKind : ICheckKind
{
    /// <summary>The keys of <c>hysteresis:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "Follows a check only once it has been OK (or failing) long enough or often enough in a row.",
        KeySpec.Must("check", ValueSchemas.Check, "The check followed: a name of a top-level check or a check."),
        new("initial", ValueSchemas.State, "The state until a threshold is first reached: ok or fail. Default ok."),
        KeySpec.Must("ok_after", ValueSchemas.Threshold, "OK after this many OK results in a row (an integer ≥ 1) or OK results for this long (a duration)."),
        KeySpec.Must("fail_after", ValueSchemas.Threshold, "Failing after this many failures in a row (an integer ≥ 1) or failures for this long (a duration)."));

    public string Name => "hysteresis";

    public string Description => Spec.Description;

    public SchemaNode Schema => Spec.Schema;

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        var before = c.Errors.Count;
        if (MappingReader.Open(value, c.Errors, Name, Spec) is not { } map)
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
