using Hale.Processes;

namespace Hale.Actions;

/// <summary>How one command of an action ended: what the host logs (heartbeat logged a failed action's exit code and output).</summary>
/// <param name="Action">The action's name.</param>
/// <param name="Side">The side the command belongs to.</param>
/// <param name="CommandLine">The command line run.</param>
/// <param name="Result">How it ended: exit code (127 for a missing executable), timeout, output tail, duration.</param>
/// <param name="At">When it ended, from the runner's <see cref="TimeProvider"/>.</param>
public sealed record ActionOutcome(string Action, ActionSide Side, string CommandLine, CommandOutcome Result, DateTimeOffset At)
{
    /// <summary>Whether the command exited with code 0.</summary>
    public bool Succeeded => Result.Succeeded;

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Side.ToString().ToLowerInvariant()} `{CommandLine}`: {Result.Describe()}";
}
