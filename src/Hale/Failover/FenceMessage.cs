namespace Hale.Failover;

/// <summary>One message for a fence process: an arm (its remaining time, counted from <paramref name="ArmedAt"/>) or a disarm.</summary>
/// <param name="Remaining">Null: disarm. Else the time left when the arm was asked for.</param>
/// <param name="ArmedAt">When the arm was asked for: a timestamp of the fence's <see cref="TimeProvider"/>.</param>
/// <param name="ProcessGroup">The process group to kill when the fence fires; 0 for none.</param>
internal readonly record struct FenceMessage(TimeSpan? Remaining, long ArmedAt, int ProcessGroup)
{
    /// <summary>The disarm message.</summary>
    public static FenceMessage Disarm => new(null, 0, 0);
}
