using System.Net;

namespace Hale.Hosting.Http;

/// <summary>
/// Two budgets of failed authentications in one sliding window: per client address (past it, that client gets 429 until
/// its oldest failure leaves the window) and for all clients together (past it, everyone gets 429 until the oldest of
/// those failures leaves the window), so that wrong passwords from many addresses cannot keep the verifiers busy.
/// Memory is bounded: at most <see cref="MaxClients"/> addresses and <c>total</c> global failures are kept. Time is
/// monotonic (<see cref="TimeProvider.GetTimestamp"/>). Thread-safe.
/// </summary>
internal sealed class AuthFailureLimiter
{
    public const int MaxClients = 10_000;
    private readonly object _lock = new();
    private readonly Dictionary<IPAddress, Queue<long>> _failures = [];
    private readonly Queue<long> _all = new();
    private readonly int _perClient;
    private readonly int _total;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    /// <summary>Creates the budgets.</summary>
    /// <param name="perClient">Failures per address within <paramref name="window"/> before that address is limited; at least 1.</param>
    /// <param name="total">Failures of all addresses within <paramref name="window"/> before everyone is limited; at least 1.</param>
    /// <param name="window">The sliding window; positive.</param>
    /// <param name="time">The monotonic clock.</param>
    public AuthFailureLimiter(int perClient, int total, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClient, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _perClient = perClient;
        _total = total;
        _window = window;
        _time = time;
    }

    /// <summary>Whether <paramref name="client"/> must wait; <paramref name="retryAfter"/> says how long, <paramref name="global"/> whether everyone must.</summary>
    public bool IsLimited(IPAddress client, out TimeSpan retryAfter, out bool global)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            global = false;
            Prune_NeedsLock(_all, now);
            if (_all.Count >= _total)
            {
                retryAfter = _window - _time.GetElapsedTime(_all.Peek(), now);
                global = true;
                return true;
            }

            if (!_failures.TryGetValue(client, out var times))
            {
                return false;
            }

            Prune_NeedsLock(times, now);
            if (times.Count < _perClient)
            {
                return false;
            }

            retryAfter = _window - _time.GetElapsedTime(times.Peek(), now);
            return true;
        }
    }

    public void RecordFailure(IPAddress client)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_failures.TryGetValue(client, out var times))
            {
                if (_failures.Count >= MaxClients)
                {
                    EvictIdle_NeedsLock(now);
                }

                times = new Queue<long>();
                _failures[client] = times;
            }

            Prune_NeedsLock(times, now);
            times.Enqueue(now);
            while (times.Count > _perClient)
            {
                times.Dequeue();
            }

            Prune_NeedsLock(_all, now);
            _all.Enqueue(now);
            while (_all.Count > _total)
            {
                _all.Dequeue();
            }
        }
    }

    private void Prune_NeedsLock(Queue<long> times, long now)
    {
        while (times.Count > 0 && _time.GetElapsedTime(times.Peek(), now) >= _window)
        {
            times.Dequeue();
        }
    }

    private void EvictIdle_NeedsLock(long now)
    {
        foreach (var (address, times) in _failures.ToArray())
        {
            Prune_NeedsLock(times, now);
            if (times.Count == 0)
            {
                _failures.Remove(address);
            }
        }

        if (_failures.Count >= MaxClients)
        {
            _failures.Remove(_failures.Keys.First());
        }
    }
}
