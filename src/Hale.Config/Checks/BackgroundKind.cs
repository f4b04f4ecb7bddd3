using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>background: { every, check, initial }</c> → <see cref="Background"/>, constructed only: its loop is not started.</summary>
internal sealed class BackgroundKind : ICheckKind
{
    /// <summary>The keys of <c>background:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "Runs a check on its own schedule and answers from its last result (for load balancers that poll hard).",
        KeySpec.Must("every", ValueSchemas.Duration, "How often the check runs; more than zero."),
        KeySpec.Must("check", ValueSchemas.Check, "The check run: a name of a top-level check or a check."),
        new("initial", ValueSchemas.State, "The state until the first result: ok or fail. Default ok."));

    public string Name => "background";

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
