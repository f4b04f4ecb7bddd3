using Hale.Checks;

namespace Hale.Actions;

/// <summary>
/// An action: commands to run when a set of checks becomes healthy (promote) or stops being healthy (demote),
/// heartbeat's promotions and demotions generalised to any checks and several commands per side.
/// </summary>
/// <remarks>
/// A plain description; <see cref="ActionRunner"/> validates and copies it, so changing the lists afterwards has no effect
/// on a runner already built. Not thread-safe while being initialised; immutable once built.
/// </remarks>
public sealed class ActionDefinition
{
    /// <summary>The default of <see cref="Timeout"/>: 30 seconds per command.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The action's name, used in outcomes and logs; not empty.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The checks (or services' liveness checks) that decide the side, evaluated concurrently each cycle:
    /// all OK → <see cref="ActionSide.Promote"/>; any FAIL or ERROR (an exception counts as ERROR) → <see cref="ActionSide.Demote"/>.
    /// </summary>
    /// <value>The default is empty, which counts as healthy (as heartbeat with no failing check): the action promotes.</value>
    /// <remarks>A <see cref="NamedCheck"/> is reported by its name; any other check as <c>when[i]</c>.</remarks>
    public IReadOnlyList<ICheck> When { get; init; } = [];

    /// <summary>The command lines run, one after another through <c>/bin/sh -c</c>, when the action promotes.</summary>
    /// <value>The default is empty (nothing to run; the side still counts as run successfully).</value>
    public IReadOnlyList<string> Promote { get; init; } = [];

    /// <summary>The command lines run, one after another through <c>/bin/sh -c</c>, when the action demotes.</summary>
    /// <value>The default is empty (nothing to run; the side still counts as run successfully).</value>
    public IReadOnlyList<string> Demote { get; init; } = [];

    /// <summary>Whether the commands run only when the side changes or every cycle.</summary>
    /// <value>The default is <see cref="ActionRepeat.OnChange"/>; heartbeat's files imply <see cref="ActionRepeat.EveryCycle"/>.</value>
    public ActionRepeat Repeat { get; init; } = ActionRepeat.OnChange;

    /// <summary>How long each command may run before its process group is killed and it counts as failed.</summary>
    /// <value>The default is 30 seconds; must be greater than zero, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no limit.</value>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The commands of one side.</summary>
    /// <param name="side">The side.</param>
    /// <returns><see cref="Promote"/> or <see cref="Demote"/>.</returns>
    public IReadOnlyList<string> CommandsFor(ActionSide side) => side == ActionSide.Promote ? Promote : Demote;
}
