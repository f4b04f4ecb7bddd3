using Hale.Checks;
using Hale.Processes;

namespace Hale.Probes;

/// <summary>
/// OK iff a shell command exits 0 within its timeout; killed with its whole process group at the timeout.
/// The exit code is reported as the result's priority, as ha_valet's <c>test_command</c> (0 = down, 1..254 = up).
/// </summary>
/// <remarks>A missing executable is the shell's exit 127: FAIL, never an exception. Thread-safe.</remarks>
public sealed class CommandCheck : ICheck
{
    private readonly TimeProvider _time;

    /// <summary>Creates the probe.</summary>
    /// <param name="commandLine">Run through <c>/bin/sh -c</c>.</param>
    /// <param name="timeout">Greater than zero.</param>
    /// <param name="timeProvider">The clock for the timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public CommandCheck(string commandLine, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandLine);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        CommandLine = commandLine;
        Timeout = timeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The command line.</summary>
    public string CommandLine { get; }

    /// <summary>How long the command may run.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var outcome = await ShellCommand.RunAsync(CommandLine, Timeout, _time, killGroupOnExit: true, cancellationToken).ConfigureAwait(false);
        var status = outcome.Succeeded ? CheckStatus.Ok : CheckStatus.Fail;
        return new CheckResult(status, outcome.Describe(), outcome.ExitCode) { Duration = outcome.Duration };
    }
}
