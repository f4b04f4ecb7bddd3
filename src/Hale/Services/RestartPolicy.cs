namespace Hale.Services;

/// <summary>How a service is restarted after a failed start or a crash. Immutable.</summary>
public sealed record RestartPolicy
{
    /// <summary>The first backoff delay; zero restarts at once. <value>The default is 200 milliseconds.</value></summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff delay; each consecutive failure doubles the delay up to this. <value>The default is 30 seconds.</value></summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The share of each delay that is random, 0..1: a delay d becomes d × (1 − Jitter × r) with r uniform in [0, 1),
    /// so restarts of many services spread out and never exceed <see cref="BackoffMax"/>. <value>The default is 0.2.</value>
    /// </summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>After running this long without exiting, the backoff starts again from <see cref="BackoffInitial"/>. <value>The default is 60 seconds.</value></summary>
    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An exit within this time after a start is a failed start (supervisord's startsecs). <value>The default is 1 second.</value></summary>
    public TimeSpan StartWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The start limit and hold. <value>The default is <see cref="StartLimit.Default"/>.</value></summary>
    public StartLimit Limit { get; init; } = StartLimit.Default;

    /// <summary>The backoff delay before the start that follows <paramref name="failures"/> consecutive failures.</summary>
    /// <param name="failures">Consecutive failed starts or crashes so far, at least 1.</param>
    /// <param name="random">A number in [0, 1) for the jitter.</param>
    /// <returns>min(max, initial × 2^(failures − 1)) reduced by the jitter.</returns>
    public TimeSpan DelayAfter(int failures, double random)
    {
        if (BackoffInitial <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(Math.Max(failures - 1, 0), 30);
        var ticks = Math.Min(BackoffMax.Ticks, BackoffInitial.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks * (1 - (Jitter * random))));
    }
}
