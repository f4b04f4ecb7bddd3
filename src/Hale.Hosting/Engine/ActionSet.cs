using Hale.Actions;
using Microsoft.Extensions.Logging;
using Hale.Text;

namespace Hale.Hosting.Engine;

/// <summary>
/// The engine's actions: one runner per action on one <see cref="ActionLoop"/>. A reload keeps the runner of an unchanged
/// action (so whether it is promoted survives), demotes a removed action that is promoted, and starts the others anew;
/// stopping demotes every promoted action, the last one first.
/// </summary>
internal sealed class ActionSet : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ActionLoop _loop;
    private IReadOnlyDictionary<string, string> _fingerprints;
    private readonly Events.TransitionJournal? _journal;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _lastOutcome = new(StringComparer.Ordinal);

    public ActionSet(IReadOnlyList<ActionDefinition> actions, IReadOnlyDictionary<string, string> fingerprints, TimeSpan interval, TimeProvider time, ILogger logger, Events.TransitionJournal? journal = null)
    {
        _journal = journal;
        _time = time;
        _logger = logger;
        _fingerprints = fingerprints;
        _loop = CreateLoop([.. actions.Select(NewRunner)], interval);
    }

    /// <summary>The runners, in definition order.</summary>
    public IReadOnlyList<ActionRunner> Runners => Volatile.Read(ref _loop).Runners;

    /// <summary>Whether the action <paramref name="name"/> keeps its runner in a model with <paramref name="fingerprints"/>.</summary>
    public bool IsUnchanged(string name, IReadOnlyDictionary<string, string> fingerprints) =>
        Runners.Any(r => r.Name == name)
        && _fingerprints.TryGetValue(name, out var before) && fingerprints.TryGetValue(name, out var after) && before == after;

    public void Start() => _loop.Start();

    /// <summary>Asks every action for a cycle now (a check or a service they read changed).</summary>
    public void Trigger() => Volatile.Read(ref _loop).Trigger();

    /// <summary>Replaces the actions: unchanged ones keep their runner; removed ones that are promoted are demoted first.</summary>
    public async Task ApplyAsync(IReadOnlyList<ActionDefinition> actions, IReadOnlyDictionary<string, string> fingerprints, TimeSpan interval, CancellationToken cancellationToken)
    {
        var old = _loop;
        var kept = old.Runners.Where(r => IsUnchanged(r.Name, fingerprints)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        await old.DisposeAsync().ConfigureAwait(false);
        var removed = old.Runners.Where(r => !actions.Any(a => a.Name == r.Name)).Reverse();
        await DemoteAsync(removed, "removed by a reload", cancellationToken).ConfigureAwait(false);
        _fingerprints = fingerprints;
        Volatile.Write(ref _loop, CreateLoop([.. actions.Select(a => kept.GetValueOrDefault(a.Name) ?? NewRunner(a))], interval));
        _loop.Start();
    }

    /// <summary>Stops the schedule, then demotes every promoted action, the last one first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _loop.DisposeAsync().ConfigureAwait(false);
        await DemoteAsync(_loop.Runners.Reverse(), "Hale is stopping", cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task DemoteAsync(IEnumerable<ActionRunner> runners, string reason, CancellationToken cancellationToken)
    {
        foreach (var runner in runners)
        {
            try
            {
                if (await runner.DemoteIfPromotedAsync(reason, cancellationToken).ConfigureAwait(false) is { } cycle)
                {
                    Log.ActionStoodDown(_logger, runner.Name, reason, cycle.Succeeded);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private ActionRunner NewRunner(ActionDefinition definition) => new(definition, _time, OnOutcome);

    private ActionLoop CreateLoop(ActionRunner[] runners, TimeSpan interval) =>
        new(runners, interval, _time, onCycle: null, onError: (action, ex) => Log.ActionCycleFailed(_logger, ex, action));

    private void OnOutcome(ActionOutcome outcome)
    {
        if (_journal is { } journal)
        {
            // promoted, demoted, "promote failed", "demote failed": every run is an event, from the action's last outcome.
            var side = outcome.Side == ActionSide.Promote ? "promote" : "demote";
            var to = outcome.Succeeded ? side + "d" : side + " failed";
            var from = _lastOutcome.TryGetValue(outcome.Action, out var last) ? last : null;
            _lastOutcome[outcome.Action] = to;
            journal.Record(Events.TransitionKind.Action, outcome.Action, from, to, $"`{outcome.CommandLine}`: {outcome.Result.Describe()}");
        }

        if (outcome.Succeeded)
        {
            Log.ActionRan(_logger, outcome.Action, outcome.Side, SafeText.ForLog(outcome.CommandLine), SafeText.ForLog(outcome.Result.Describe()));
        }
        else
        {
            Log.ActionFailed(_logger, outcome.Action, outcome.Side, SafeText.ForLog(outcome.CommandLine), SafeText.ForLog(outcome.Result.Describe()));
        }
    }
}
