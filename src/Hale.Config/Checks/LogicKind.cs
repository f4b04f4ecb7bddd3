using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Schema;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary><c>all: [checks]</c> → <see cref="AllCheck"/> and <c>any: [checks]</c> → <see cref="AnyCheck"/>; the list may not be empty.</summary>
internal sealed class LogicKind : ICheckKind
{
    private readonly Func<IEnumerable<ICheck>, ICheck> _create;

    private LogicKind(string name, string description, Func<IEnumerable<ICheck>, ICheck> create)
    {
        Name = name;
        Description = description;
        _create = create;
    }

    public static LogicKind All { get; } = new("all", "OK iff every check of the list is OK.", checks => new AllCheck(checks));

    public static LogicKind Any { get; } = new("any", "OK iff at least one check of the list is OK.", checks => new AnyCheck(checks));

    public string Name { get; }

    public string Description { get; }

    public SchemaNode Schema { get; } = SchemaNode.ListOf(ValueSchemas.Check, minItems: 1);

    public ICheck? Build(YamlNode value, CheckPath path, CheckReader reader)
    {
        var c = reader.Context;
        if (YamlValues.Sequence(value, c.Errors, Name) is not { } list)
        {
            return null;
        }

        if (list.Children.Count == 0)
        {
            c.Errors.Add(list, $"{Name}: needs at least one check");
            return null;
        }

        var checks = new List<ICheck?>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            checks.Add(reader.Read(list.Children[i], path.Child($"{Name}.{i}")));
        }

        return checks.Contains(null) ? null : _create(checks!);
    }
}
