using System.Globalization;

namespace Hale.Processes;

/// <summary>How an <see cref="OwnedProcess"/> ended: an exit code, or the signal that killed it.</summary>
/// <param name="ExitCode">The exit code (0..255) when the process exited by itself; null when a signal killed it.</param>
/// <param name="Signal">The signal number when a signal killed it; null when it exited by itself.</param>
/// <param name="At">When Hale saw the end (the runtime reaped the child), from the owner's <see cref="TimeProvider"/>.</param>
/// <remarks>
/// .NET reports a child killed by signal <c>n</c> as exit code <c>128 + n</c>, which a program can also return
/// itself (a shell whose command was killed does exactly that). Codes 129..192 are therefore read as signals 1..64:
/// <c>exit 137</c> and "killed by SIGKILL" cannot be told apart.
/// </remarks>
internal record struct ProcessExit(int? ExitCode, int? Signal, DateTimeOffset At)
{
    private const int SignalBase = 128;

    /// <summary>One line for logs.</summary>
    /// <returns>E.g. <c>exit 3</c> or <c>killed by SIGKILL</c>.</returns>
    public string Describe() => Signal is { } signal
        ? $"killed by {ProcessSignals.Name(signal)}"
        : string.Create(CultureInfo.InvariantCulture, $"exit {ExitCode}");

    /// <inheritdoc />
    public override string ToString() => Describe();

    /// <summary>Decodes .NET's <see cref="System.Diagnostics.Process.ExitCode"/> (128 + n for signal n).</summary>
    internal static ProcessExit FromRuntimeExitCode(int exitCode, DateTimeOffset at) =>
        exitCode is > SignalBase and <= SignalBase + NativeMethods.MaxSignal
            ? new ProcessExit(null, exitCode - SignalBase, at)
            : new ProcessExit(exitCode, null, at);
}
