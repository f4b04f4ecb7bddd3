using Hale.Checks;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>A top-level check while the configuration is read: its nodes, whether it is built yet, and the result.</summary>
internal sealed class ComponentEntry(string name, YamlNode key, YamlNode value, bool hasValidName)
{
    /// <summary>The keys a top-level check mapping may have beside its kind.</summary>
    public static readonly IReadOnlyCollection<string> Keys = ["serve", "on_post", "haproxy", "every"];

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
