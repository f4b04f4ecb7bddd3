using System.Net;

namespace Hale.Hosting.Http;

/// <summary>
/// Counts failed POST authentications per client address in a sliding window; past the limit the client gets 429
/// until its oldest failure leaves the window. Memory is bounded: at most <see cref="MaxClients"/> addresses are tracked.
/// Thread-safe.
/// </summary>
internal sealed class AuthFailureLimiter(int limit, TimeSpan window, TimeProvider time)
{
    public const int MaxClients = 10_000;
    private readonly object _lock = new();
    private readonly Dictionary<IPAddress, Queue<DateTimeOffset>> _failures = [];

    /// <summary>Whether <paramref name="client"/> must wait; <paramref name="retryAfter"/> says how long.</summary>
    public bool IsLimited(IPAddress client, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            if (!_failures.TryGetValue(client, out var times))
            {
                return false;
            }

            Prune_NeedsLock(times, now);
            if (times.Count < limit)
            {
                return false;
            }

            retryAfter = times.Peek() + window - now;
            return true;
        }
    }

    public void RecordFailure(IPAddress client)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_failures.TryGetValue(client, out var times))
            {
                if (_failures.Count >= MaxClients)
                {
                    EvictIdle_NeedsLock(now);
                }

                times = new Queue<DateTimeOffset>();
                _failures[client] = times;
            }

            Prune_NeedsLock(times, now);
            times.Enqueue(now);
        }
    }

    private void Prune_NeedsLock(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() + window <= now)
        {
            times.Dequeue();
        }
    }

    private void EvictIdle_NeedsLock(DateTimeOffset now)
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
