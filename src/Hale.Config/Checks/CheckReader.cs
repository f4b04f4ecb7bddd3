using System.Runtime.CompilerServices;
using Hale.Checks;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Checks;

/// <summary>
/// Reads a check node: a mapping with exactly one kind key, or a bare name referring to a top-level check
/// (which then evaluates the same <see cref="NamedCheck"/> instance).
/// </summary>
internal sealed class CheckReader
{
    private static readonly ICheckKind[] Kinds =
    [
        new TcpKind(), new HttpKind(), new CommandKind(), new HysteresisKind(), new BackgroundKind(),
        new ToggleKind(), new OneshotKind(), LogicKind.All, LogicKind.Any, new NotKind(), new ServiceKind(),
    ];

    /// <summary>Every kind of check, in the order messages list them.</summary>
    public static IReadOnlyList<ICheckKind> AllKinds => Kinds;

    private static readonly string KindList = string.Join(", ", Kinds.Select(k => k.Name));

    public CheckReader(CheckBuildContext context)
    {
        Context = context;
        Components = new ComponentTable(context.Errors, ReadComponent);
    }

    public CheckBuildContext Context { get; }

    /// <summary>The top-level checks, which references resolve to.</summary>
    public ComponentTable Components { get; }

    /// <summary>Reads the check at <paramref name="node"/>.</summary>
    /// <returns>The check, or null when it (or a check it refers to) has errors, all reported.</returns>
    public ICheck? Read(YamlNode node, CheckPath path) => Read(node, path, []);

    private ICheck? Read(YamlNode node, CheckPath path, IReadOnlyCollection<string> componentKeys)
    {
        // Nesting is bounded by the YAML depth and reference_depth limits; this is the last guard against a stack overflow.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Context.Errors.Add(node, "checks nest too deeply to be built (reduce the nesting or the chain of references)");
            return null;
        }

        switch (node)
        {
            case YamlScalarNode reference when !YamlValues.IsNull(node):
                Context.Graph.Add(DependencyGraph.Check(reference.Value ?? string.Empty), node);
                return Components.Resolve(reference) is { } named ? Context.Checks.Reference(named.Name) : null;
            case YamlMappingNode mapping:
                return ReadMapping(mapping, path, componentKeys);
            default:
                Context.Errors.Add(node, $"expected a check (a mapping with one of {KindList}) or the name of a check, found {YamlValues.Describe(node)}");
                return null;
        }
    }

    private ICheck? ReadMapping(YamlMappingNode mapping, CheckPath path, IReadOnlyCollection<string> componentKeys)
    {
        (ICheckKind Kind, YamlNode Key, YamlNode Value)? found = null;
        var unknown = false;
        var extraKinds = false;
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is not null && componentKeys.Contains(name))
            {
                continue;
            }

            var kind = Kinds.FirstOrDefault(k => k.Name == name);
            if (kind is null)
            {
                var allowed = componentKeys.Count == 0 ? KindList : $"{KindList} (or {string.Join(", ", componentKeys)})";
                Context.Errors.Add(key, $"unknown key '{name ?? YamlValues.Describe(key)}' in a check; expected one of {allowed}");
                unknown = true;
            }
            else if (found is { } first)
            {
                Context.Errors.Add(key, $"a check has exactly one kind; '{first.Kind.Name}' (line {first.Key.Start.Line}) and '{name}' are both given");
                extraKinds = true;
            }
            else
            {
                found = (kind, key, value);
            }
        }

        if (found is null)
        {
            if (!unknown)
            {
                Context.Errors.Add(mapping, $"a check needs one of {KindList}");
            }

            return null;
        }

        var check = found.Value.Kind.Build(found.Value.Value, path, this);
        return unknown || extraKinds ? null : check;
    }

    private NamedCheck? ReadComponent(ComponentEntry entry)
    {
        using var owner = Context.Graph.Enter(DependencyGraph.Check(entry.Name));
        var inner = Read(entry.Value, CheckPath.Root(entry.Name), ComponentEntry.Spec.Names);
        return inner is null || !entry.HasValidName ? null : new NamedCheck(entry.Name, inner, Context.Time);
    }
}
