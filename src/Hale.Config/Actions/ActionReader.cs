using Hale.Actions;
using Hale.Checks;
using Hale.Config.Checks;
using Hale.Config.Schema;
using Hale.Config.Values;
using Hale.Config.Yaml;
using YamlDotNet.RepresentationModel;

namespace Hale.Config.Actions;

/// <summary>
/// Reads <c>actions:</c> (heartbeat's promotions and demotions, generalised):
/// <c>NAME: { when: [services or checks], promote: CMD | [CMD...], demote: ..., repeat: on_change | every_cycle, timeout }</c>.
/// </summary>
internal sealed class ActionReader(CheckReader checks)
{
    /// <summary>The keys of an action.</summary>
    public static readonly MappingSpec Spec = new(
        "Commands run when a condition changes (heartbeat's promotions and demotions): promote once every 'when' is OK, demote otherwise.",
        KeySpec.Must("when", SchemaNode.OneOrList(ValueSchemas.Check), "What must be OK: a service (ready), a check's name or a check, or a list of them."),
        new("promote", ValueSchemas.Commands, "The command (or list of commands) run when 'when' becomes OK."),
        new("demote", ValueSchemas.Commands, "The command (or list of commands) run when 'when' stops being OK."),
        new("repeat", SchemaNode.Enum("on_change", "every_cycle"), "on_change: run once per change (default); every_cycle: run at every action_interval."),
        new("timeout", ValueSchemas.Duration, "How long each command may run; more than zero. Default 30s."));

    private readonly ErrorSink _errors = checks.Context.Errors;

    public List<ActionDefinition> ReadAll(YamlNode node)
    {
        var actions = new List<ActionDefinition>();
        if (YamlValues.Mapping(node, _errors, "actions") is not { } mapping)
        {
            return actions;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                _errors.Add(key, $"actions: expected an action name, found {YamlValues.Describe(key)}");
                continue;
            }

            if (Read(name, value) is { } action)
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    private ActionDefinition? Read(string name, YamlNode node)
    {
        var before = _errors.Count;
        if (MappingReader.Open(node, _errors, $"action '{name}'", Spec) is not { } map)
        {
            return null;
        }

        var when = map.Required("when") is { } w ? When(w, CheckPath.Root($"actions.{name}").Child("when")) : [];
        var promote = map.Optional("promote") is { } p ? Commands(p, "promote") : [];
        var demote = map.Optional("demote") is { } d ? Commands(d, "demote") : [];
        if (promote.Count == 0 && demote.Count == 0 && _errors.Count == before)
        {
            _errors.Add(map.Node, $"action '{name}' needs 'promote', 'demote' or both");
        }

        var repeat = ActionRepeat.OnChange;
        if (map.Optional("repeat") is { } r && YamlValues.String(r, _errors, "repeat") is { } text)
        {
            switch (text)
            {
                case "on_change":
                    break;
                case "every_cycle":
                    repeat = ActionRepeat.EveryCycle;
                    break;
                default:
                    _errors.Add(r, $"repeat: expected on_change or every_cycle, found '{text}'");
                    break;
            }
        }

        var timeout = map.Optional("timeout") is { } t ? ConfigValues.Duration(t, _errors, "timeout", positive: true) : ActionDefinition.DefaultTimeout;
        if (_errors.Count > before || timeout is null)
        {
            return null;
        }

        return new ActionDefinition { Name = name, When = when, Promote = promote, Demote = demote, Repeat = repeat, Timeout = timeout.Value };
    }

    private List<ICheck> When(YamlNode node, CheckPath path)
    {
        var items = node is YamlSequenceNode list ? list.Children : (IList<YamlNode>)[node];
        var when = new List<ICheck>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is YamlScalarNode { Value: { } name } && checks.Context.ServiceNames.Contains(name))
            {
                when.Add(new NamedCheck(name, checks.Context.Services.ReadyCheck(name), checks.Context.Time));
            }
            else if (item is YamlScalarNode { Value: { } reference } && !checks.Components.Contains(reference))
            {
                _errors.Add(item, $"when: no service or check named '{reference}'");
            }
            else if (checks.Read(item, path.Child(i.ToString(System.Globalization.CultureInfo.InvariantCulture))) is { } check)
            {
                when.Add(check);
            }
        }

        return when;
    }

    private List<string> Commands(YamlNode node, string what)
    {
        var items = node is YamlSequenceNode list ? list.Children : (IList<YamlNode>)[node];
        var commands = new List<string>();
        foreach (var item in items)
        {
            if (YamlValues.String(item, _errors, what) is { Length: > 0 } command)
            {
                commands.Add(command);
            }
        }

        return commands;
    }
}
