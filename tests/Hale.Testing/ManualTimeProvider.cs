namespace Hale.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so.
/// Timers created from it fire, in due-time order, while <see cref="Advance"/> moves past their due time.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.TimeProvider.Testing is not on this project's package mirror; this is our own,
/// after the precedent of YARP's test clock. Thread-safe. Timer callbacks run on the thread that calls
/// <see cref="Advance"/> (or <see cref="ManualTimer.Change"/> when already due), outside the clock's lock.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestamp;

    /// <summary>Creates a clock at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    /// <param name="start">The initial UTC time.</param>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The number of timers that are scheduled and not disposed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>Whether a timer is scheduled to fire exactly at <paramref name="at"/>.</summary>
    /// <remarks>
    /// Lets a test wait until the code under test has armed its delay before it advances the clock: an advance that
    /// comes first moves past a timer that does not exist yet, and the delay then never ends.
    /// </remarks>
    /// <param name="at">The due time to look for.</param>
    /// <returns>True when some active timer is due at that instant.</returns>
    public bool HasTimerDueAt(DateTimeOffset at)
    {
        lock (_lock)
        {
            return _timers.Any(t => t.DueAt == at);
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    /// <param name="delta">How far; must not be negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    SetNow_NeedsLock(target);
                    return;
                }

                SetNow_NeedsLock(next.DueAt!.Value);
                next.Reschedule_NeedsLock();
            }

            next.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void SetNow_NeedsLock(DateTimeOffset value)
    {
        if (value > _now)
        {
            _timestamp += (value - _now).Ticks;
            _now = value;
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool fireNow;
            lock (clock._lock)
            {
                if (!clock._timers.Contains(this))
                {
                    return false;
                }

                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                fireNow = dueTime == TimeSpan.Zero;
                if (fireNow)
                {
                    Reschedule_NeedsLock();
                }
            }

            if (fireNow)
            {
                Fire();
            }

            return true;
        }

        public void Reschedule_NeedsLock()
        {
            DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                DueAt = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
