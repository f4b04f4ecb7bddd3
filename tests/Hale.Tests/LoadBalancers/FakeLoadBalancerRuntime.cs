using Hale.LoadBalancers;

namespace Hale.Tests.LoadBalancers;

/// <summary>An in-memory load balancer: records every call, keeps server states like HAProxy, can be unreachable or refuse servers.</summary>
internal sealed class FakeLoadBalancerRuntime : ILoadBalancerRuntime
{
    private readonly object _lock = new();
    private readonly List<(ServerAddress Server, ServerAdminState State)> _sets = [];
    private readonly Dictionary<ServerAddress, int> _flags = [];
    private readonly Dictionary<ServerAddress, Queue<int>> _sessions = [];
    private readonly HashSet<ServerAddress> _unknown = [];
    private readonly List<(ServerAddress Server, DateTimeOffset At)> _sessionCalls = [];
    private readonly TimeProvider _time;

    public FakeLoadBalancerRuntime(TimeProvider time, params ServerAddress[] servers)
    {
        _time = time;
        foreach (var server in servers)
        {
            _flags[server] = 0;
        }
    }

    public string Name => "fake";

    public volatile bool Unreachable;

    /// <summary>Only setting a server's state fails as unreachable (the connection drops between a resync and an apply).</summary>
    public volatile bool SetsUnreachable;

    public BalancerInfo Info { get; set; } = new(100, TimeSpan.FromHours(1), "2.6.12");

    public int InfoCalls;

    /// <summary>Calls of any kind while unreachable.</summary>
    public int FailedCalls;

    public IReadOnlyList<(ServerAddress Server, ServerAdminState State)> Sets
    {
        get
        {
            lock (_lock)
            {
                return [.. _sets];
            }
        }
    }

    public IReadOnlyList<(ServerAddress Server, DateTimeOffset At)> SessionCalls
    {
        get
        {
            lock (_lock)
            {
                return [.. _sessionCalls];
            }
        }
    }

    public void Refuse(ServerAddress server)
    {
        lock (_lock)
        {
            _unknown.Add(server);
            _flags.Remove(server);
        }
    }

    /// <summary>Sets a server's admin flags behind Hale's back (an operator, a reload).</summary>
    public void SetFlags(ServerAddress server, int flags)
    {
        lock (_lock)
        {
            _flags[server] = flags;
        }
    }

    public void QueueSessions(ServerAddress server, params int[] counts)
    {
        lock (_lock)
        {
            _sessions[server] = new Queue<int>(counts);
        }
    }

    public Task SetServerStateAsync(ServerAddress server, ServerAdminState state, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        if (SetsUnreachable)
        {
            Interlocked.Increment(ref FailedCalls);
            throw new LoadBalancerException("connection reset") { Unreachable = true };
        }

        lock (_lock)
        {
            _sets.Add((server, state));
            if (_unknown.Contains(server))
            {
                throw new LoadBalancerException("No such server.");
            }

            _flags[server] = state switch { ServerAdminState.Maint => 0x01, ServerAdminState.Drain => 0x08, _ => 0 };
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ServerStateRow>> ShowServersStateAsync(string? backend, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_lock)
        {
            IReadOnlyList<ServerStateRow> rows = [.. _flags.Select(p => new ServerStateRow(p.Key, 2, p.Value))];
            return Task.FromResult(rows);
        }
    }

    public Task<BalancerInfo> ShowInfoAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref InfoCalls);
        ThrowIfUnreachable();
        return Task.FromResult(Info);
    }

    public Task<int?> CurrentSessionsAsync(ServerAddress server, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        lock (_lock)
        {
            _sessionCalls.Add((server, _time.GetUtcNow()));
            if (!_sessions.TryGetValue(server, out var queue))
            {
                return Task.FromResult<int?>(_flags.ContainsKey(server) ? 0 : null);
            }

            var count = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            return Task.FromResult<int?>(count);
        }
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            Interlocked.Increment(ref FailedCalls);
            throw new LoadBalancerException("connection refused") { Unreachable = true, ConnectionRefused = true };
        }
    }
}
