using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>
/// <c>toggle: { initial, to_fail, to_ok }</c> → <see cref="Toggle"/>, persisted under its path's key
/// (the top-level name, or <c>NAME.path</c> when nested).
/// </summary>
internal sealed class ToggleKind : ICheckKind
{
    /// <summary>The keys of <c>toggle:</c>.</summary>
    public static readonly MappingSpec Spec = new(
        "A latch: OK until to_fail is OK, then failing until to_ok is OK (e.g. a oneshot an operator POSTs); kept across restarts.",
        new("initial", ValueSchemas.State, "The state the first time (later: the state last persisted): ok or fail. Default ok."),
        KeySpec.Must("to_fail", ValueSchemas.Check, "While OK, the toggle turns to fail once this check is OK."),
        KeySpec.Must("to_ok", ValueSchemas.Check, "While failing, the toggle turns to ok once this check is OK."));

    public string Name => "toggle";

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

        var initial = map.Optional("initial") is { } s ? ConfigValues.State(s, c.Errors, "initial") : CheckDefaults.InitialState;
        var toFail = map.Required("to_fail") is { } f ? reader.Read(f, path.Child("to_fail")) : null;
        var toOk = map.Required("to_ok") is { } o ? reader.Read(o, path.Child("to_ok")) : null;
        var slot = c.Slot(path, value);
        if (c.Errors.Count > before || initial is null || toFail is null || toOk is null)
        {
            return null;
        }

        return c.Construct(value, Name, () => new Toggle(toFail, toOk, initial.Value, slot));
    }
}
