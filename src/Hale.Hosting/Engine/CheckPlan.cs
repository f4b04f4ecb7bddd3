using Hale.Actions;
using Hale.Checks;
using Hale.Config;
using Hale.LoadBalancers;
using Hale.Services;

namespace Hale.Hosting.Engine;

/// <summary>
/// Who owns which check, for one model: every named check the engine runs (top-level checks, and the checks written inline
/// in a service or an action, each wrapped in a named check of its own), which of them run on a schedule, and the service and
/// action definitions rewritten to consume those owned instances. Built before anything is swapped; starts nothing.
/// </summary>
/// <remarks>
/// <para><b>One owner per check.</b> A check that something inside Hale consumes (a service's readiness, liveness or
/// dependency, an action's <c>when</c>, an HAProxy binding), and every top-level check such a check refers to, runs on its own
/// schedule; consumers read its last result and never evaluate it themselves. A top-level check that only HTTP clients read
/// stays on request (failover's model), unless it has its own <c>every</c>.</para>
/// <para><b>Reconciling.</b> Against the checks owned before, an unchanged definition keeps its instance, state and schedule:
/// a top-level check by its own fingerprint, an inline check by its owner's (the supervisor keeps an unchanged service's
/// definition, and so the instances in it).</para>
/// </remarks>
internal sealed class CheckPlan
{
    private readonly Dictionary<string, OwnedCheck> _owned = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, OwnedCheck> _previous;
    private readonly TimeProvider _time;

    private CheckPlan(IReadOnlyDictionary<string, OwnedCheck> previous, TimeProvider time)
    {
        _previous = previous;
        _time = time;
    }

    /// <summary>Every owned check by key.</summary>
    public IReadOnlyDictionary<string, OwnedCheck> Owned => _owned;

    /// <summary>The top-level checks, in file order, holding the instances that run (kept or new).</summary>
    public IReadOnlyList<ComponentDefinition> Components { get; private set; } = [];

    /// <summary>The services, their inline checks replaced by owned named checks.</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; private set; } = [];

    /// <summary>The actions, their inline checks replaced by owned named checks.</summary>
    public IReadOnlyList<ActionDefinition> Actions { get; private set; } = [];

    /// <summary>For each top-level name, the scheduled checks whose evaluation reads it: they run again when it changes.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<NamedCheck>> Dependents { get; private set; } = new Dictionary<string, IReadOnlyList<NamedCheck>>();

    /// <summary>The scheduled checks that read a service's state: they run again when a service changes.</summary>
    public IReadOnlyList<NamedCheck> ServiceWatchers { get; private set; } = [];

    /// <summary>Plans <paramref name="model"/> against the checks owned before.</summary>
    /// <param name="model">The configuration.</param>
    /// <param name="previous">The checks owned so far, by key; empty at the first start.</param>
    /// <param name="keepService">Whether an existing service keeps its definition (and so its inline checks).</param>
    /// <param name="keepAction">Whether an existing action keeps its runner (and so its inline checks).</param>
    /// <param name="time">The clock of the named checks created for inline checks.</param>
    /// <returns>The plan.</returns>
    public static CheckPlan Create(
        HaleConfiguration model,
        IReadOnlyDictionary<string, OwnedCheck> previous,
        Func<string, bool> keepService,
        Func<string, bool> keepAction,
        TimeProvider time)
    {
        var plan = new CheckPlan(previous, time);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        plan.Services = [.. model.Services.Select(s => plan.OwnService(s, keepService(s.Name), consumed))];
        plan.Actions = [.. model.Actions.Select(a => plan.OwnAction(a, keepAction(a.Name), model.CheckEvery, consumed))];
        foreach (var binding in model.BalancerBindings.Where(b => b.Source == BindingSource.Check))
        {
            consumed.Add(binding.Name);
        }

        foreach (var group in model.ElectionGroups.Where(g => g.Healthy is not null))
        {
            consumed.Add(group.Healthy!);
        }

        plan.Components = plan.OwnComponents(model, consumed);
        plan.Link();
        return plan;
    }

    private ServiceDefinition OwnService(ServiceDefinition service, bool keep, HashSet<string> consumed)
    {
        var prefix = $"service:{service.Name}:";
        var every = service.CheckInterval;
        var dependencies = new List<ServiceDependency>();
        for (var i = 0; i < service.DependsOn.Count; i++)
        {
            var dependency = service.DependsOn[i];
            dependencies.Add(dependency.Check is { } check
                ? dependency with { Check = Own($"{prefix}depends_on[{i}]", $"{service.Name}.depends_on[{i}]", check, keep, every, consumed) }
                : dependency);
        }

        return service with
        {
            Ready = service.Ready is { } ready ? Own($"{prefix}ready", $"{service.Name}.ready", ready, keep, every, consumed) : null,
            Alive = service.Alive is { } alive ? Own($"{prefix}alive", $"{service.Name}.alive", alive, keep, every, consumed) : null,
            DependsOn = dependencies,
        };
    }

    private ActionDefinition OwnAction(ActionDefinition action, bool keep, TimeSpan every, HashSet<string> consumed) => new()
    {
        Name = action.Name,
        When = [.. action.When.Select((check, i) => Own($"action:{action.Name}:when[{i}]", $"{action.Name}.when[{i}]", check, keep, every, consumed))],
        Promote = action.Promote,
        Demote = action.Demote,
        Repeat = action.Repeat,
        Timeout = action.Timeout,
    };

    /// <summary>
    /// The check a consumer reads: a reference to a top-level check stays a reference (that check becomes consumed); anything
    /// else is owned under <paramref name="key"/>, kept from before when its owner is unchanged.
    /// </summary>
    private ICheck Own(string key, string name, ICheck check, bool keep, TimeSpan every, HashSet<string> consumed)
    {
        if (check is CheckReference reference)
        {
            consumed.Add(reference.Name);
            return reference;
        }

        if (keep && _previous.TryGetValue(key, out var kept))
        {
            _owned[key] = kept;
            Consume(kept.Check, consumed);
            return kept.Check;
        }

        var named = check as NamedCheck ?? new NamedCheck(name, check, _time);
        _owned[key] = new OwnedCheck(key, null, named, every);
        Consume(named, consumed);
        return named;
    }

    private static void Consume(NamedCheck check, HashSet<string> consumed)
    {
        foreach (var reference in CheckTree.Walk(check.Inner).OfType<CheckReference>())
        {
            consumed.Add(reference.Name);
        }
    }

    private List<ComponentDefinition> OwnComponents(HaleConfiguration model, HashSet<string> consumed)
    {
        // A consumed check makes every top-level check it refers to consumed too.
        var byName = model.Components.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var pending = new Stack<string>(consumed);
        while (pending.Count > 0)
        {
            if (byName.TryGetValue(pending.Pop(), out var component))
            {
                foreach (var reference in CheckTree.Walk(component.Check.Inner).OfType<CheckReference>())
                {
                    if (consumed.Add(reference.Name))
                    {
                        pending.Push(reference.Name);
                    }
                }
            }
        }

        var components = new List<ComponentDefinition>();
        foreach (var component in model.Components)
        {
            var key = $"check:{component.Name}";
            var every = component.Every ?? (consumed.Contains(component.Name) ? model.CheckEvery : null);
            if (_previous.TryGetValue(key, out var kept) && kept.CanBeKeptFor(component.Fingerprint, every) && kept.Component is { } keptComponent)
            {
                _owned[key] = kept with { Every = kept.Every ?? every };
                components.Add(keptComponent);
            }
            else
            {
                _owned[key] = new OwnedCheck(key, component.Fingerprint, component.Check, every) { Component = component };
                components.Add(component);
            }
        }

        return components;
    }

    private void Link()
    {
        var dependents = new Dictionary<string, List<NamedCheck>>(StringComparer.Ordinal);
        var watchers = new List<NamedCheck>();
        foreach (var owned in _owned.Values.Where(o => o.Every is not null))
        {
            var tree = CheckTree.Walk(owned.Check.Inner).ToList();
            foreach (var name in tree.OfType<CheckReference>().Select(r => r.Name).Distinct(StringComparer.Ordinal))
            {
                if (!dependents.TryGetValue(name, out var list))
                {
                    dependents[name] = list = [];
                }

                list.Add(owned.Check);
            }

            if (tree.OfType<ServiceHealthCheck>().Any())
            {
                watchers.Add(owned.Check);
            }
        }

        Dependents = dependents.ToDictionary(p => p.Key, p => (IReadOnlyList<NamedCheck>)p.Value, StringComparer.Ordinal);
        ServiceWatchers = watchers;
    }
}
