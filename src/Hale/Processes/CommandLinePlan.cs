namespace Hale.Processes;

/// <summary>What to exec for a command line: the program and its arguments (for the shell kinds, <c>/bin/sh -c SCRIPT</c>).</summary>
/// <param name="Kind">How it is run.</param>
/// <param name="Argv">The program (searched on <c>PATH</c> unless it holds a <c>/</c>) and its arguments; never empty.</param>
internal sealed record CommandLinePlan(CommandLineKind Kind, IReadOnlyList<string> Argv);
