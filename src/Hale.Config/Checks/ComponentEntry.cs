using Hale.Checks;
using Hale.Config.Schema;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>A top-level check while the configuration is read: its nodes, whether it is built yet, and the result.</summary>
internal sealed class ComponentEntry(string name, YamlNode key, YamlNode value, bool hasValidName)
{
    /// <summary>The keys a top-level check mapping may have beside its kind (read by <see cref="ComponentReader"/> and <c>BindingReader</c>).</summary>
    public static readonly MappingSpec Spec = new(
        "A top-level check, served at /NAME: a check (one kind key) with what only a top-level check has.",
        new("serve", SchemaNode.Boolean, "Whether GET /NAME answers this check's state. Default true (false: a probe other checks share by name)."),
        new("on_post", ValueSchemas.Check, "What a POST to /NAME fires: to_ok or to_fail (of this toggle), the name of a check holding a oneshot, or a check."),
        new("haproxy", ValueSchemas.Bindings, ValueSchemas.BindingsDescription),
        new("every", ValueSchemas.Duration, "Run this check on its own loop at this interval; default: at check_every when Hale consumes it, else on request."));

    public string Name { get; } = name;

    public YamlNode Key { get; } = key;

    public YamlNode Value { get; } = value;

    /// <summary>False when the name is empty or starts with <c>/</c> (reported); the check is read for errors but not served.</summary>
    public bool HasValidName { get; } = hasValidName;

    public ComponentState State { get; set; }

    /// <summary>The longest chain of references below this check (0 when it refers to no top-level check), once built.</summary>
    public int Height { get; set; }

    /// <summary>The check, once <see cref="State"/> is <see cref="ComponentState.Built"/>.</summary>
    public NamedCheck? Check { get; set; }
}
