namespace Hale.Combinators;

/// <summary>
/// When a <see cref="Hysteresis"/> switches state: after a number of consecutive disagreeing results
/// (<see cref="Count(int)"/>), or after disagreeing results have lasted a duration (<see cref="Duration(TimeSpan)"/>),
/// as failover's <c>count(5)</c> and <c>minute(2)</c>.
/// </summary>
public readonly record struct Threshold
{
    private Threshold(int count, TimeSpan duration)
    {
        ConsecutiveCount = count;
        MinimumDuration = duration;
    }

    /// <summary>The number of consecutive disagreeing results, or 0 for a duration threshold.</summary>
    public int ConsecutiveCount { get; }

    /// <summary>How long disagreeing results must last, or <see cref="TimeSpan.Zero"/> for a count threshold.</summary>
    public TimeSpan MinimumDuration { get; }

    /// <summary><see langword="true"/> for a count threshold.</summary>
    public bool IsCount => ConsecutiveCount > 0;

    /// <summary>Switches on the <paramref name="consecutive"/>-th consecutive disagreeing result.</summary>
    /// <param name="consecutive">At least 1.</param>
    /// <returns>The threshold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="consecutive"/> is less than 1.</exception>
    public static Threshold Count(int consecutive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutive, 1);
        return new Threshold(consecutive, TimeSpan.Zero);
    }

    /// <summary>
    /// Switches on a disagreeing result observed at least <paramref name="duration"/> after the first
    /// disagreeing result of the current run.
    /// </summary>
    /// <param name="duration">Greater than zero.</param>
    /// <returns>The threshold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is zero or negative.</exception>
    public static Threshold Duration(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return new Threshold(0, duration);
    }

    /// <summary>A duration threshold, so that a <see cref="TimeSpan"/> can be passed where a threshold is expected.</summary>
    /// <param name="duration">Greater than zero.</param>
    public static implicit operator Threshold(TimeSpan duration) => Duration(duration);

    /// <summary>A count threshold, so that an <see cref="int"/> can be passed where a threshold is expected.</summary>
    /// <param name="consecutive">At least 1.</param>
    public static implicit operator Threshold(int consecutive) => Count(consecutive);

    /// <summary>Whether a run of disagreeing results has reached this threshold.</summary>
    /// <param name="disagreements">Disagreeing results in the current run, this one included (≥ 1).</param>
    /// <param name="runStartedAt">When the first disagreeing result of the run was observed.</param>
    /// <param name="now">When this result was observed.</param>
    /// <returns><see langword="true"/> when the state must switch.</returns>
    public bool IsReached(int disagreements, DateTimeOffset runStartedAt, DateTimeOffset now) =>
        IsCount ? disagreements >= ConsecutiveCount : now - runStartedAt >= MinimumDuration;

    /// <inheritdoc />
    public override string ToString() => IsCount ? $"{ConsecutiveCount} consecutive" : $"{MinimumDuration}";
}
