using System.Globalization;

namespace Hale.Processes;

/// <summary>Signal numbers and names (Linux numbering), for <see cref="OwnedProcess.Signal"/> and configuration. Thread-safe.</summary>
public static class ProcessSignals
{
    /// <summary><c>SIGHUP</c> (1): many daemons reload their configuration on it.</summary>
    public const int Hangup = NativeMethods.SIGHUP;

    /// <summary><c>SIGINT</c> (2).</summary>
    public const int Interrupt = NativeMethods.SIGINT;

    /// <summary><c>SIGQUIT</c> (3).</summary>
    public const int Quit = NativeMethods.SIGQUIT;

    /// <summary><c>SIGKILL</c> (9): cannot be caught.</summary>
    public const int Kill = NativeMethods.SIGKILL;

    /// <summary><c>SIGUSR1</c> (10).</summary>
    public const int User1 = NativeMethods.SIGUSR1;

    /// <summary><c>SIGUSR2</c> (12).</summary>
    public const int User2 = NativeMethods.SIGUSR2;

    /// <summary><c>SIGTERM</c> (15): the polite stop.</summary>
    public const int Terminate = NativeMethods.SIGTERM;

    private static readonly Dictionary<string, int> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = NativeMethods.SIGHUP,
        ["INT"] = NativeMethods.SIGINT,
        ["QUIT"] = NativeMethods.SIGQUIT,
        ["ABRT"] = NativeMethods.SIGABRT,
        ["KILL"] = NativeMethods.SIGKILL,
        ["USR1"] = NativeMethods.SIGUSR1,
        ["USR2"] = NativeMethods.SIGUSR2,
        ["ALRM"] = NativeMethods.SIGALRM,
        ["TERM"] = NativeMethods.SIGTERM,
        ["CONT"] = NativeMethods.SIGCONT,
        ["STOP"] = NativeMethods.SIGSTOP,
        ["TSTP"] = NativeMethods.SIGTSTP,
        ["WINCH"] = NativeMethods.SIGWINCH,
    };

    private static readonly Dictionary<int, string> ByNumber = ByName.ToDictionary(pair => pair.Value, pair => "SIG" + pair.Key.ToUpperInvariant());

    /// <summary>Reads a signal given by name, with or without <c>SIG</c> (any case), or by number (1..64).</summary>
    /// <param name="value">E.g. <c>TERM</c>, <c>SIGTERM</c>, <c>sigterm</c> or <c>15</c>.</param>
    /// <returns>The signal number.</returns>
    /// <exception cref="FormatException">Not a known name nor a number in 1..64.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static int Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var signal)
            ? signal
            : throw new FormatException($"unknown signal '{value}': expected a name such as TERM, SIGHUP or USR1, or a number from 1 to {NativeMethods.MaxSignal}");
    }

    /// <summary>Like <see cref="Parse"/>, without an exception.</summary>
    /// <param name="value">The text to read.</param>
    /// <param name="signal">The signal number, or 0 when the text is not a signal.</param>
    /// <returns>Whether the text is a signal.</returns>
    public static bool TryParse(string? value, out int signal)
    {
        signal = 0;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            signal = number is >= 1 and <= NativeMethods.MaxSignal ? number : 0;
            return signal != 0;
        }

        var name = text.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return ByName.TryGetValue(name, out signal);
    }

    /// <summary>The conventional name of a signal.</summary>
    /// <param name="signal">A signal number.</param>
    /// <returns>E.g. <c>SIGTERM</c>, or <c>signal 40</c> for a number without a name here.</returns>
    public static string Name(int signal) =>
        ByNumber.TryGetValue(signal, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"signal {signal}");
}
