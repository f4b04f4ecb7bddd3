using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Schema;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>not: check</c> → <see cref="NotCheck"/>.</summary>
internal sealed class NotKind : ICheckKind
{
    public string Name => "not";

    public string Description => "OK iff the check is not OK.";

    public SchemaNode Schema => ValueSchemas.Check;

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader) =>
        reader.Read(value, path.Child(Name)) is { } inner ? new NotCheck(inner) : null;
}
