using System.Runtime.CompilerServices;

namespace Hale.Checks;

/// <summary>
/// The one timer behind every scheduled <see cref="NamedCheck"/> of a clock: due runs wait in a queue ordered by due time,
/// a single timer is armed for the earliest, and when it fires every run then due is handed to the thread pool.
/// </summary>
/// <remarks>
/// <para>With a timer, a cancellation source and a wait per check, 10,000 checks every second meant 10,000 timers armed,
/// fired and disposed a second, and each run's probe began on the timer's thread, one after the other; here a run costs an
/// insertion into the queue, and its probe starts on a pool thread of its own.</para>
/// <para>An entry whose check has since run for another reason (<see cref="NamedCheck.RunNow"/>) or been disposed is
/// skipped when it falls due, not removed before (its check is held until then, at most one interval). Thread-safe.</para>
/// </remarks>
internal sealed class CheckScheduler
{
    /// <summary>Runs started by one pool thread in a row; a larger batch is shared with other pool threads.</summary>
    private const int BatchSize = 32;

    private static readonly ConditionalWeakTable<TimeProvider, CheckScheduler> s_byClock = [];

    private readonly object _queueLock = new();
    private readonly object _armLock = new();
    private readonly PriorityQueue<Entry, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;

    private CheckScheduler(TimeProvider time)
    {
        _time = time;
        // The timer must not carry the execution context of whichever check happened to start first.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static state => ((CheckScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The number of runs waiting for their time, stale ones included (for tests).</summary>
    internal int Pending
    {
        get
        {
            lock (_queueLock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The scheduler of <paramref name="time"/>: one per clock, for the clock's lifetime.</summary>
    /// <param name="time">The clock.</param>
    /// <returns>The shared scheduler.</returns>
    public static CheckScheduler For(TimeProvider time) => s_byClock.GetValue(time, static t => new CheckScheduler(t));

    /// <summary>Calls <paramref name="check"/>'s <see cref="NamedCheck.OnDue(long, bool)"/> with <paramref name="generation"/> once the
    /// clock's timestamp reaches <paramref name="dueTimestamp"/> (at once when it has).</summary>
    /// <param name="check">The check to run.</param>
    /// <param name="dueTimestamp">When, on the clock's monotonic timestamp scale.</param>
    /// <param name="generation">Passed back, so that the check can tell a stale entry.</param>
    public void Schedule(NamedCheck check, long dueTimestamp, long generation)
    {
        if (dueTimestamp <= _time.GetTimestamp())
        {
            check.OnDue(generation, inline: false);
            return;
        }

        bool earliest;
        lock (_queueLock)
        {
            _queue.Enqueue(new Entry(check, generation), dueTimestamp);
            earliest = dueTimestamp < _armedFor;
        }

        if (earliest)
        {
            Arm();
        }
    }

    private void OnTimer()
    {
        List<Entry>? due = null;
        lock (_queueLock)
        {
            _armedFor = long.MaxValue;
            var now = _time.GetTimestamp();
            while (_queue.TryPeek(out var entry, out var at) && at <= now)
            {
                _queue.Dequeue();
                (due ??= []).Add(entry);
            }
        }

        Arm();
        if (due is null)
        {
            return;
        }

        // The runs start here, a batch to a pool thread: one wake-up for many runs (each only begins its probe before its
        // first wait), and a large batch still spread over the cores.
        for (var start = 0; start < due.Count; start += BatchSize)
        {
            var batch = new Batch(due, start, Math.Min(BatchSize, due.Count - start));
            if (start + BatchSize >= due.Count)
            {
                batch.Execute();
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
            }
        }
    }

    private void Arm()
    {
        // One arming at a time, and the due time re-read inside it, so that two callers cannot leave the timer armed for the
        // later of two entries. A clock that fires a due timer on the caller's thread (a test clock) re-enters here from
        // OnTimer: the monitor is re-entrant and the queue's lock is not held.
        lock (_armLock)
        {
            long next;
            lock (_queueLock)
            {
                next = _queue.TryPeek(out _, out var at) ? at : long.MaxValue;
                if (next >= _armedFor)
                {
                    return;
                }

                _armedFor = next;
            }

            // Whole milliseconds, rounded up: the system timer truncates to milliseconds, and a run 0.7 ms away would make it
            // fire at once, find nothing due and be armed again, a busy loop until the run's time.
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), next);
            _timer.Change(wait > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)) : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private readonly record struct Entry(NamedCheck Check, long Generation);

    private sealed class Batch(List<Entry> entries, int start, int count) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            for (var i = start; i < start + count; i++)
            {
                entries[i].Check.OnDue(entries[i].Generation, inline: true);
            }
        }
    }
}
