using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Hale.Cli.Daemon;

/// <summary>
/// Tells systemd how Hale is doing (<c>sd_notify(3)</c>, written by hand): one datagram per message to the Unix socket
/// named by <c>NOTIFY_SOCKET</c>, a path or, when it starts with <c>@</c>, a name in the abstract namespace.
/// </summary>
/// <remarks>
/// <para>
/// Without <c>NOTIFY_SOCKET</c> (not started by systemd, or not <c>Type=notify</c>) every call does nothing and returns
/// false. A failed send is swallowed and returns false: telling systemd must never stop the daemon.
/// </para>
/// <para>
/// Reload protocol (<c>Type=notify</c> with <c>ExecReload=</c>): call <see cref="Reloading"/> when SIGHUP arrives, reload,
/// then <see cref="Ready"/> again. Stop: <see cref="Stopping"/> when SIGTERM arrives, before stopping the services.
/// </para>
/// </remarks>
internal sealed class SystemdNotifier
{
    /// <summary>The variable naming systemd's notification socket.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    /// <summary>The variable holding the watchdog interval in microseconds (<c>WatchdogSec=</c>).</summary>
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";

    /// <summary>The variable naming the process the watchdog settings are meant for.</summary>
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);

    private readonly UnixDomainSocketEndPoint? _socket;
    private readonly TimeProvider _clock;

    /// <summary>Reads the notification socket and the watchdog settings from <paramref name="environment"/>.</summary>
    /// <param name="environment">Environment variables (only the three systemd ones are read).</param>
    /// <param name="clock">
    /// The monotonic clock for <c>MONOTONIC_USEC</c>; systemd compares it with its <c>CLOCK_MONOTONIC</c>, which
    /// <see cref="TimeProvider.System"/>'s timestamp is on Linux. Defaults to <see cref="TimeProvider.System"/>.
    /// </param>
    public SystemdNotifier(IReadOnlyDictionary<string, string> environment, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _clock = clock ?? TimeProvider.System;
        _socket = environment.TryGetValue(NotifySocketVariable, out var socket) ? ParseSocket(socket) : null;
        WatchdogInterval = ParseWatchdog(environment);
    }

    /// <summary>True when <c>NOTIFY_SOCKET</c> names a socket: messages are sent.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>
    /// The watchdog interval systemd expects pings within (<c>WATCHDOG_USEC</c>), or null when there is no watchdog or
    /// <c>WATCHDOG_PID</c> names another process. Ping at half of it (<see cref="RunWatchdogAsync"/> does).
    /// </summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>
    /// A notifier for this process's environment. Then removes the three variables from the environment, as
    /// <c>sd_notify(unset_environment=1)</c> does, so the services Hale starts do not inherit Hale's socket.
    /// </summary>
    /// <param name="clock">The monotonic clock; see the constructor.</param>
    /// <returns>The notifier.</returns>
    public static SystemdNotifier FromProcessEnvironment(TimeProvider? clock = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { NotifySocketVariable, WatchdogUsecVariable, WatchdogPidVariable })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        return new SystemdNotifier(environment, clock);
    }

    /// <summary>Start-up (or a reload) is complete: <c>READY=1</c> and <c>STATUS=</c>.</summary>
    /// <param name="status">One line for <c>systemctl status</c>.</param>
    /// <returns>True when the datagram was sent.</returns>
    public bool Ready(string status) => Notify($"READY=1\nSTATUS={OneLine(status)}");

    /// <summary>A free-form status line for <c>systemctl status</c>: <c>STATUS=</c>.</summary>
    /// <param name="status">One line; newlines become spaces.</param>
    /// <returns>True when the datagram was sent.</returns>
    public bool Status(string status) => Notify($"STATUS={OneLine(status)}");

    /// <summary>Hale is stopping: <c>STOPPING=1</c>.</summary>
    /// <returns>True when the datagram was sent.</returns>
    public bool Stopping() => Notify("STOPPING=1");

    /// <summary>Hale is reloading its configuration: <c>RELOADING=1</c> with <c>MONOTONIC_USEC=</c>; send <see cref="Ready"/> when done.</summary>
    /// <returns>True when the datagram was sent.</returns>
    public bool Reloading()
    {
        var microseconds = (long)((Int128)_clock.GetTimestamp() * 1_000_000 / _clock.TimestampFrequency);
        return Notify($"RELOADING=1\nMONOTONIC_USEC={microseconds.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Hale is alive: <c>WATCHDOG=1</c>.</summary>
    /// <returns>True when the datagram was sent.</returns>
    public bool Watchdog() => Notify("WATCHDOG=1");

    /// <summary>Sends <paramref name="state"/> as it is: newline-separated <c>VARIABLE=value</c> assignments.</summary>
    /// <param name="state">The assignments, e.g. <c>EXTEND_TIMEOUT_USEC=30000000</c>.</param>
    /// <returns>True when the datagram was sent; false when disabled or the send failed.</returns>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_socket is null)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTimeout = (int)SendTimeout.TotalMilliseconds;
            var bytes = Encoding.UTF8.GetBytes(state);
            return socket.SendTo(bytes, _socket) == bytes.Length;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends <c>WATCHDOG=1</c> now and then every half <see cref="WatchdogInterval"/> until
    /// <paramref name="cancellationToken"/> is cancelled; completes at once when there is no watchdog.
    /// </summary>
    /// <param name="timeProvider">The clock the pings are timed by.</param>
    /// <param name="cancellationToken">Stops the pings; the task then completes without an exception.</param>
    /// <returns>A task that completes when the pings stop.</returns>
    public async Task RunWatchdogAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!IsEnabled || WatchdogInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval / 2, timeProvider);
        try
        {
            do
            {
                Watchdog();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // As sd_notify: an absolute path, or '@' for the abstract namespace; anything else (or too long) is no socket.
    private static UnixDomainSocketEndPoint? ParseSocket(string? value)
    {
        try
        {
            return value switch
            {
                ['@', _, ..] => new UnixDomainSocketEndPoint("\0" + value[1..]),
                ['/', ..] => new UnixDomainSocketEndPoint(value),
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static TimeSpan? ParseWatchdog(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue(WatchdogUsecVariable, out var usecText)
            || !long.TryParse(usecText, NumberStyles.None, CultureInfo.InvariantCulture, out var usec)
            || usec == 0
            || usec > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond)
        {
            return null;
        }

        if (environment.TryGetValue(WatchdogPidVariable, out var pidText)
            && (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != Environment.ProcessId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec);
    }

    private static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ");
    }
}
