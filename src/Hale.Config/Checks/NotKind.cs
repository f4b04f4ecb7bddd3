using Hale.Checks;
using Hale.Combinators;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>not: check</c> → <see cref="NotCheck"/>.</summary>
internal sealed class NotKind : ICheckKind
{
    public string Name => "not";

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader) =>
        reader.Read(value, path.Child(Name)) is { } inner ? new NotCheck(inner) : null;
}
