namespace Hale.Config.Importers.Heartbeat;

/// <summary>
/// <c>[general]</c> of heartbeat.conf, each key with the README's default when missing. Immutable.
/// </summary>
internal sealed record HeartbeatGeneral
{
    /// <summary><c>interval</c> when missing: 60 seconds.</summary>
    public const decimal DefaultInterval = 60;

    /// <summary><c>user</c>; null for <c>None</c> or missing (the invoking user).</summary>
    public string? User { get; init; }

    /// <summary><c>group</c>; null for <c>None</c> or missing (the invoking user's group).</summary>
    public string? Group { get; init; }

    /// <summary><c>logfile</c>; <c>heartbeat.log</c> when missing.</summary>
    public string LogFile { get; init; } = "heartbeat.log";

    /// <summary><c>loglevel</c> upper-cased: DEBUG, INFO, WARNING, ERROR or CRITICAL (an unknown one is INFO, with a warning).</summary>
    public string LogLevel { get; init; } = "INFO";

    /// <summary><c>pidfile</c>; <c>heartbeat.pid</c> when missing.</summary>
    public string PidFile { get; init; } = "heartbeat.pid";

    /// <summary><c>threads</c> (≥ 1): checks probed at once; null when missing (the host decides).</summary>
    public int? Threads { get; init; }

    /// <summary><c>daemonize</c>; false when missing.</summary>
    public bool Daemonize { get; init; }

    /// <summary><c>interval</c> in seconds (&gt; 0); <see cref="DefaultInterval"/> when missing.</summary>
    public decimal IntervalSeconds { get; init; } = DefaultInterval;

    /// <summary>The 1-based line of each key written in the file (or inherited from <c>[DEFAULT]</c>), by key.</summary>
    public IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
