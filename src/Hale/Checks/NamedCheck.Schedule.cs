namespace Hale.Checks;

// A named check's own schedule: its first-run jitter, its runs and their hand-over to CheckScheduler (the type's documentation is
// in NamedCheck.cs).
public sealed partial class NamedCheck
{
    /// <summary>
    /// The delay of the first scheduled run of a check named <paramref name="name"/>: a fraction of
    /// <paramref name="within"/> in [0, 1) given by a stable hash of the name (FNV-1a, then MurmurHash3's finalizer), the same
    /// in every process.
    /// </summary>
    /// <param name="name">The check's name.</param>
    /// <param name="within">The bound; zero or more.</param>
    /// <returns>A delay in [0, <paramref name="within"/>), or zero when <paramref name="within"/> is zero.</returns>
    internal static TimeSpan FirstRunDelay(string name, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        // FNV-1a alone mixes the last characters of similar names (check-1, check-2, …) into the low bits only: finish with
        // MurmurHash3's mixer so that the high bits, which pick the fraction, differ too.
        hash = unchecked((hash ^ (hash >> 16)) * 0x85ebca6bu);
        hash = unchecked((hash ^ (hash >> 13)) * 0xc2b2ae35u);
        hash ^= hash >> 16;
        return TimeSpan.FromTicks((long)(within.Ticks * (hash / 4294967296.0)));
    }

    /// <summary>The scheduler's call when a planned run falls due: starts it unless the entry is stale.</summary>
    /// <param name="generation">The generation the entry was made in.</param>
    /// <param name="inline">Start the run on the calling thread (the scheduler's, which starts a batch of due runs) rather than
    /// on a pool thread of its own.</param>
    internal void OnDue(long generation, bool inline)
    {
        if (generation != Interlocked.Read(ref _generation) || _lifetime.IsCancellationRequested)
        {
            return;
        }

        if (inline)
        {
            StartRuns();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(_scheduledRun, preferLocal: false);
        }
    }

    private void ScheduleNext(TimeSpan planned)
    {
        var generation = Interlocked.Increment(ref _generation);
        var due = _origin + (long)(planned.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
        _scheduler!.Schedule(this, due, generation);
    }

    private void StartRuns()
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            // Not kept: a run's task held until the next run would be promoted by the collections in between (see FinishAsync);
            // DisposeAsync waits for the loop through _loopEnded instead. RunAsync throws nothing.
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        // Times are offsets from the schedule's origin on the monotonic clock. A run is planned at the previous run's start
        // plus `every` (the first at its jittered delay); a run that starts at or after its plan records its lag (the timer's
        // and the thread pool's delay, or a previous run that overran the interval); an early run (RunNow) records none.
        // Runs never overlap: one RunAsync at a time (_running), which runs again at once while runs are asked for.
        var every = Every!.Value;
        while (true)
        {
            while (!_lifetime.IsCancellationRequested)
            {
                // Whatever planned run is queued now is superseded by this one.
                Interlocked.Increment(ref _generation);
                Interlocked.Exchange(ref _runRequested, 0);
                var started = _time.GetElapsedTime(_origin);
                if (started >= _planned)
                {
                    HaleMetrics.ScheduleLagged(started - _planned);
                }

                try
                {
                    await Evaluate().ConfigureAwait(false);
                }
#pragma warning disable CA1031 // The schedule must go on: disposal ends it below; a throwing Transitioned handler (the run
                              // is recorded before handlers run) must not stop the check's runs for good.
                catch (Exception)
#pragma warning restore CA1031
                {
                }

                _planned = started + every;
                if (Volatile.Read(ref _runRequested) == 0 && _time.GetElapsedTime(_origin) < _planned)
                {
                    break;
                }
            }

            if (_lifetime.IsCancellationRequested)
            {
                Release();
                return;
            }

            // Free before the next run is queued: a run that falls due at once must find the loop free, or it would be lost.
            Release();
            ScheduleNext(_planned);

            // A RunNow that saw this loop still running left its request for it: take it, unless another loop already did.
            if (Volatile.Read(ref _runRequested) == 0 || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                return;
            }
        }
    }

    /// <summary>Lets go of the loop; once disposal has begun, tells <see cref="DisposeAsync"/> that the loop has ended.</summary>
    private void Release()
    {
        Interlocked.Exchange(ref _running, 0);
        if (_lifetime.IsCancellationRequested)
        {
            _loopEnded.TrySetResult();
        }
    }

    private sealed class ScheduledRun(NamedCheck check) : IThreadPoolWorkItem
    {
        public void Execute() => check.StartRuns();
    }
}
