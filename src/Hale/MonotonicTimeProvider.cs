namespace Hale;

/// <summary>
/// A clock whose <see cref="GetUtcNow"/> never jumps: the wall time read once at construction plus the monotonic time
/// elapsed since (<see cref="TimeProvider.GetTimestamp"/> of the inner clock). Every deadline Hale derives from "now" —
/// backoff, kill escalation, holds, start windows, retries, time-based hysteresis — is therefore immune to a step of the
/// system clock (NTP, an operator's <c>date -s</c>), while the times it shows stay the wall time as of its start.
/// </summary>
/// <remarks>
/// Timers and timestamps are the inner clock's. After a step of the system clock, the times shown differ from the wall
/// clock by that step until Hale restarts; nothing waits longer or shorter because of it. Thread-safe.
/// </remarks>
public sealed class MonotonicTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    /// <summary>Anchors a monotonic clock to <paramref name="inner"/>'s wall time now.</summary>
    /// <param name="inner">The clock whose timestamps and timers are used (e.g. <see cref="TimeProvider.System"/> or a fake one in tests).</param>
    public MonotonicTimeProvider(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _originTimestamp = inner.GetTimestamp();
        _origin = inner.GetUtcNow();
    }

    /// <summary>The system clock made monotonic, anchored when first used: Hale's default clock.</summary>
    public static new MonotonicTimeProvider System { get; } = new(TimeProvider.System);

    /// <inheritdoc />
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _origin + _inner.GetElapsedTime(_originTimestamp);

    /// <inheritdoc />
    public override long GetTimestamp() => _inner.GetTimestamp();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);
}
