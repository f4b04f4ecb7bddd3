namespace Hale.Failover;

/// <summary>What one run of a failover group's test command said about one member's instance.</summary>
internal enum ValetProbeKind
{
    /// <summary>Exit 1..254: the instance is up; the code is its priority (lower wins).</summary>
    Up,

    /// <summary>Exit 0: the host answered and the instance is down.</summary>
    Down,

    /// <summary>Exit 255: the host could not be reached (ssh could not connect); down.</summary>
    Unreachable,

    /// <summary>The test command ran past the group's timeout and was killed; down.</summary>
    TimedOut,

    /// <summary>The test command could not run, or ended in a way that carries no priority (no probe yet counts here too); down.</summary>
    Failed,
}
