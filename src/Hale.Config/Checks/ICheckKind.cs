using Hale.Checks;
using Hale.Config.Schema;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>One kind of check node (<c>tcp</c>, <c>hysteresis</c>, ...): the key that selects it and how its value is built.</summary>
internal interface ICheckKind
{
    /// <summary>The key, e.g. <c>tcp</c>.</summary>
    string Name { get; }

    /// <summary>What the kind checks, for the schema's hovers.</summary>
    string Description { get; }

    /// <summary>The schema of the value under the kind key (the one description its reader also takes its keys from).</summary>
    SchemaNode Schema { get; }

    /// <summary>Builds the check from the value of the kind key.</summary>
    /// <param name="value">The node under the kind key.</param>
    /// <param name="path">Where the check sits, for operator state keys.</param>
    /// <param name="reader">Reads inner checks; carries the context.</param>
    /// <returns>The check, or null when the node has errors (reported) or an inner check could not be built.</returns>
    ICheck? Build(YamlNode value, CheckPath path, CheckReader reader);
}
