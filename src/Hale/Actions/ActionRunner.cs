using Hale.Checks;
using Hale.Processes;

namespace Hale.Actions;

/// <summary>
/// Runs one action: each cycle evaluates its <c>when</c> checks, chooses promote or demote and runs that side's commands
/// when its <see cref="ActionRepeat"/> says so, as heartbeat's cycle ran promotions and demotions.
/// </summary>
/// <remarks>
/// <para>
/// A side runs when <see cref="ActionRepeat.EveryCycle"/>; or when it differs from <see cref="LastSucceededSide"/>; or when the
/// previous run failed (of either side: after a half-done demotion the promotion runs again in full). A failed action is
/// therefore retried on every following cycle until it succeeds.
/// </para>
/// <para>
/// A side's commands run one after another through <see cref="ShellCommand"/> (<c>/bin/sh -c</c>, own process group, each
/// bounded by <see cref="ActionDefinition.Timeout"/>); the first failure (non-zero exit, timeout, missing executable as exit
/// 127) stops the side. What a command leaves running in the background is not killed (a promotion may start a daemon);
/// at a timeout or cancellation the whole process group is killed.
/// </para>
/// <para>
/// Thread-safe: cycles of one runner are serialized (a caller waits for the cycle in progress, they never overlap);
/// different runners are independent.
/// </para>
/// </remarks>
public sealed class ActionRunner
{
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly TimeProvider _time;
    private readonly Action<ActionOutcome>? _onOutcome;
    private readonly IReadOnlyList<ICheck> _when;
    private readonly string[] _whenNames;
    private readonly string[] _promote;
    private readonly string[] _demote;
    private ActionRunnerState _state = ActionRunnerState.Initial;

    /// <summary>Creates the runner; nothing runs before <see cref="RunCycleAsync"/>.</summary>
    /// <param name="definition">The action; its lists are copied.</param>
    /// <param name="timeProvider">The clock for command timeouts and outcome times.</param>
    /// <param name="onOutcome">
    /// Called with every command outcome as it ends (the host logs exit code and output from there), on the cycle's thread.
    /// Must be quick and must not throw: an exception escapes <see cref="RunCycleAsync"/> and the side counts as failed.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument, a check or a command line is null.</exception>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is neither positive nor infinite.</exception>
    public ActionRunner(ActionDefinition definition, TimeProvider timeProvider, Action<ActionOutcome>? onOutcome = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(definition.Name);
        if (definition.Timeout <= TimeSpan.Zero && definition.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(definition), definition.Timeout, "An action's timeout must be positive or infinite.");
        }

        _when = CopyWithoutNulls(definition.When, nameof(definition.When));
        _promote = [.. CopyWithoutNulls(definition.Promote, nameof(definition.Promote))];
        _demote = [.. CopyWithoutNulls(definition.Demote, nameof(definition.Demote))];
        _whenNames = WhenEvaluation.NamesOf(_when);
        Definition = definition;
        _time = timeProvider;
        _onOutcome = onOutcome;
    }

    /// <summary>The action run.</summary>
    public ActionDefinition Definition { get; }

    /// <summary>The action's name.</summary>
    public string Name => Definition.Name;

    /// <summary>The side whose commands last all succeeded; null before any succeeded. For status pages.</summary>
    public ActionSide? LastSucceededSide => Volatile.Read(ref _state).LastSucceededSide;

    /// <summary>The most recent command outcome, of either side; null before any command ran. For status pages.</summary>
    public ActionOutcome? LastOutcome => Volatile.Read(ref _state).LastOutcome;

    /// <summary>
    /// Runs one cycle: evaluates the checks concurrently, chooses the side, and runs its commands when due (see remarks of
    /// <see cref="ActionRunner"/>). Waits first for a cycle of this runner already in progress.
    /// </summary>
    /// <param name="cancellationToken">
    /// Stops waiting, evaluating or running; a running command's process group is killed and the side counts as failed.
    /// </param>
    /// <returns>What the cycle decided and the outcome of every command it ran.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ActionCycle> RunCycleAsync(CancellationToken cancellationToken = default)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (side, reason) = await WhenEvaluation.DecideAsync(_when, _whenNames, cancellationToken).ConfigureAwait(false);
            if (!Volatile.Read(ref _state).ShouldRun(Definition.Repeat, side))
            {
                return new ActionCycle(Name, side, Ran: false, [], reason);
            }

            var outcomes = await RunSideAsync(side, cancellationToken).ConfigureAwait(false);
            return new ActionCycle(Name, side, Ran: true, outcomes, reason);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>
    /// Runs the demote side when the action is promoted (its last run side was promote, whether it completed or not), whatever
    /// the checks say: what Hale does for every promoted action as it shuts down or as a reload removes the action, so that
    /// no promotion outlives the Hale that made it. Waits first for a cycle of this runner already in progress.
    /// </summary>
    /// <param name="reason">Why, for the cycle's reason.</param>
    /// <param name="cancellationToken">Stops waiting or running; a running command's process group is killed.</param>
    /// <returns>The demotion's cycle; null when the action was not promoted (nothing ran).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ActionCycle?> DemoteIfPromotedAsync(string reason, CancellationToken cancellationToken = default)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = Volatile.Read(ref _state);
            if (!state.MayBePromoted)
            {
                return null;
            }

            var outcomes = await RunSideAsync(ActionSide.Demote, cancellationToken).ConfigureAwait(false);
            return new ActionCycle(Name, ActionSide.Demote, Ran: true, outcomes, reason);
        }
        finally
        {
            _serial.Release();
        }
    }

    private async Task<List<ActionOutcome>> RunSideAsync(ActionSide side, CancellationToken cancellationToken)
    {
        var outcomes = new List<ActionOutcome>();
        var succeeded = false;
        Volatile.Write(ref _state, _state with { LastStartedSide = side });
        try
        {
            foreach (var commandLine in side == ActionSide.Promote ? _promote : _demote)
            {
                var result = await ShellCommand.RunAsync(commandLine, Definition.Timeout, _time, killGroupOnExit: false, cancellationToken)
                    .ConfigureAwait(false);
                var outcome = new ActionOutcome(Name, side, commandLine, result, _time.GetUtcNow());
                outcomes.Add(outcome);
                Volatile.Write(ref _state, _state with { LastOutcome = outcome });
                HaleMetrics.ActionCommandRan(Name, side, outcome.Succeeded);
                _onOutcome?.Invoke(outcome);
                if (!outcome.Succeeded)
                {
                    return outcomes;
                }
            }

            succeeded = true;
            return outcomes;
        }
        finally
        {
            // Only this method writes _state, under _serial.
            Volatile.Write(ref _state, succeeded
                ? _state with { LastSucceededSide = side, LastRunFailed = false }
                : _state with { LastRunFailed = true });
        }
    }

    private static T[] CopyWithoutNulls<T>(IReadOnlyList<T> items, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, what);
        T[] copy = [.. items];
        if (Array.Exists(copy, item => item is null))
        {
            throw new ArgumentNullException(what, $"The action's {what} list contains null.");
        }

        return copy;
    }
}
