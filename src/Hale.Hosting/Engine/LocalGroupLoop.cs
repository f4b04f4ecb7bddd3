using Hale.Failover;
using Hale.Processes;
using Hale.Text;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Engine;

/// <summary>
/// Runs one <c>coordinator: local</c> failover group: every interval it probes every member (<see cref="ValetProber"/>), applies
/// <see cref="ValetCoordinator"/>, and runs each start or stop it decides with <c>{host}</c> and <c>{user}</c> bound. A round's
/// commands are awaited before the next round's probes, and one host's commands run one after the other, so two commands never
/// run for the same host at once. Decisions are logged with their reason at information, a hold at critical (COMPAT §2).
/// </summary>
/// <remarks>Start once; <see cref="DisposeAsync"/> stops the loop and kills the commands still running. Thread-safe reads of
/// <see cref="IsActive"/> and <see cref="LastReason"/>.</remarks>
internal sealed class LocalGroupLoop : IAsyncDisposable
{
    private readonly ValetGroup _group;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private readonly Action? _roleChanged;
    private volatile RoundView? _last;
    private readonly Events.TransitionJournal? _journal;

    public LocalGroupLoop(LocalGroupDefinition definition, string node, TimeProvider time, ILogger logger, Action? roleChanged = null, Events.TransitionJournal? journal = null)
    {
        _journal = journal;
        _roleChanged = roleChanged;
        Definition = definition;
        Node = node;
        _group = definition.ToValetGroup(node);
        _time = time;
        _logger = logger;
    }

    public LocalGroupDefinition Definition { get; }

    public string Node { get; }

    /// <summary>Whether this node's member was up and not stopped in the last round; false before the first round.</summary>
    public bool IsActive => _last?.Active ?? false;

    /// <summary>Why the group is as it is after the last round; null before the first.</summary>
    public string? LastReason => _last?.Reason;

    /// <summary>The group for <c>/-/status</c>: this node's role after the last round, and the configured members.</summary>
    public Status.GroupStatus Status => new(
        Definition.Name,
        "local",
        Node,
        _last is null ? "starting" : IsActive ? "active" : "standby",
        null,
        null,
        null,
        LastReason,
        null,
        [.. Definition.Members.OrderBy(m => m.Priority).Select(m => new Status.GroupMemberStatus(m.Host, m.Priority, null, null))]);

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var state = ValetGroupState.Initial;
        string? lastReason = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var roundStarted = _time.GetTimestamp();
            var now = _time.GetUtcNow(); // the engine's clock is monotonic (MonotonicTimeProvider): a clock step moves no wait
            try
            {
                var probes = await ValetProber.ProbeAsync(_group.Members, Definition.Test, Definition.User, Definition.Timeout, _time, cancellationToken).ConfigureAwait(false);
                var transition = ValetCoordinator.Apply(state, new ValetInput.Round(probes), now, _group);
                state = transition.State;
                var self = _group.Self;
                var active = self is not null && probes.TryGetValue(self.Host, out var own) && own.IsUp
                    && !transition.Actions.Any(a => a.Kind == ValetActionKind.Stop && string.Equals(a.Host, self.Host, StringComparison.OrdinalIgnoreCase));
                var wasActive = _last?.Active;
                _last = new RoundView(active, transition.Reason);
                if (wasActive != active)
                {
                    _journal?.Record(Events.TransitionKind.Group, Definition.Name, wasActive is { } was ? Role(was) : "starting", Role(active), transition.Reason);
                    _roleChanged?.Invoke(); // re-evaluates /NAME, so that HAProxy bindings follow the role
                }

                if (transition.Reason != lastReason && transition.Actions.IsEmpty)
                {
                    Log.GroupState(_logger, Definition.Name, SafeText.ForLog(transition.Reason));
                }

                lastReason = transition.Reason;
                await RunActionsAsync(transition.Actions, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed round is logged and the next one runs: the group must not stop silently.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.GroupRoundFailed(_logger, Definition.Name, ex);
            }

            var wait = Definition.Interval - _time.GetElapsedTime(roundStarted);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunActionsAsync(IReadOnlyList<ValetAction> actions, CancellationToken cancellationToken)
    {
        foreach (var hold in actions.Where(a => a.Kind == ValetActionKind.Hold))
        {
            Log.GroupHeld(_logger, Definition.Name, SafeText.ForLog(hold.Reason));
        }

        var perHost = actions.Where(a => a.Kind != ValetActionKind.Hold && a.Host is not null)
            .GroupBy(a => a.Host!, StringComparer.OrdinalIgnoreCase)
            .Select(g => RunHostAsync([.. g], cancellationToken));
        await Task.WhenAll(perHost).ConfigureAwait(false);
    }

    private async Task RunHostAsync(List<ValetAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            var verb = action.Kind == ValetActionKind.Start ? "start" : "stop";
            var template = action.Kind == ValetActionKind.Start ? Definition.Start : Definition.Stop;
            Log.GroupDecision(_logger, Definition.Name, verb, action.Host!, SafeText.ForLog(action.Reason));
            var command = CommandTemplate.Bind(template, action.Host!, Definition.User);
            // A start command may leave the daemon it starts behind in its process group: only a stop's group is killed.
            var killGroupOnExit = action.Kind != ValetActionKind.Start;
            var outcome = await ShellCommand.RunAsync(command, Definition.Timeout, _time, killGroupOnExit, cancellationToken).ConfigureAwait(false);
            Log.GroupCommandEnded(_logger, Definition.Name, verb, action.Host!, SafeText.ForLog(outcome.Describe()));
        }
    }

    private static string Role(bool active) => active ? "active" : "standby";

    private sealed record RoundView(bool Active, string Reason);
}
