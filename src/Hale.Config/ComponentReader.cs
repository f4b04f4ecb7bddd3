using Hale.Checks;
using Hale.Combinators;
using Hale.Config.Checks;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config;

/// <summary>Reads what a top-level check mapping has beside its kind (<c>serve</c>, <c>on_post</c>), once every check is built.</summary>
internal static class ComponentReader
{
    public static List<ComponentDefinition> ReadAll(CheckReader reader)
    {
        var components = new List<ComponentDefinition>();
        foreach (var entry in reader.Components.Entries)
        {
            YamlNode? serveNode = null;
            YamlNode? onPostNode = null;
            YamlNode? everyNode = null;
            if (entry.Value is YamlMappingNode mapping)
            {
                foreach (var (key, value) in mapping.Children)
                {
                    switch ((key as YamlScalarNode)?.Value)
                    {
                        case "serve":
                            serveNode = value;
                            break;
                        case "on_post":
                            onPostNode = value;
                            break;
                        case "every":
                            everyNode = value;
                            break;
                    }
                }
            }

            var serve = serveNode is null ? true : YamlValues.Boolean(serveNode, reader.Context.Errors, "serve");
            var onPost = onPostNode is null ? null : OnPost(entry, onPostNode, reader);
            var every = everyNode is null ? null : ConfigValues.Duration(everyNode, reader.Context.Errors, "every", positive: true);
            if (entry.Check is { } check && entry.HasValidName)
            {
                components.Add(new ComponentDefinition(entry.Name, check, onPost, serve ?? true)
                {
                    Every = every,
                    Fingerprint = YamlFingerprint.Of(entry.Value),
                });
            }
        }

        return components;
    }

    /// <summary>
    /// <c>to_ok</c> / <c>to_fail</c> of a toggle, the name of a top-level check, or an inline check.
    /// A oneshot is returned itself (not its <see cref="NamedCheck"/>) so that a POST fires it.
    /// </summary>
    private static ICheck? OnPost(ComponentEntry entry, YamlNode node, CheckReader reader)
    {
        var errors = reader.Context.Errors;
        if (node is not YamlScalarNode { Value: { } name } reference || YamlValues.IsNull(node))
        {
            return node is YamlMappingNode
                ? reader.Read(node, CheckPath.Root(entry.Name).Child("on_post"))
                : Report(errors, node, $"on_post: expected to_ok, to_fail, the name of a check or a check, found {YamlValues.Describe(node)}");
        }

        if (name is "to_ok" or "to_fail")
        {
            if (entry.Check?.Inner is Toggle toggle)
            {
                return name == "to_ok" ? toggle.ToOk : toggle.ToFail;
            }

            if (entry.Check is null)
            {
                return null;
            }

            if (!reader.Components.Contains(name))
            {
                return Report(errors, node, $"on_post: '{name}' names a part of a toggle, but '{entry.Name}' is not a toggle");
            }
        }

        return reader.Components.Resolve(reference) is { } named ? Unwrap(named) : null;
    }

    private static ICheck Unwrap(NamedCheck named) => named.Inner is Oneshot oneshot ? oneshot : named;

    private static ICheck? Report(ErrorSink errors, YamlNode node, string message)
    {
        errors.Add(node, message);
        return null;
    }
}
