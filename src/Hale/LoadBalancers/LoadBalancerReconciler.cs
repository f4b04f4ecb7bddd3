using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.LoadBalancers;

/// <summary>
/// Keeps the servers of one load balancer in the states Hale wants: one desired state per server, applied promptly by one
/// loop, kept and retried with backoff while the balancer cannot be reached, re-applied after the balancer reloads, and
/// corrected when the balancer's states drift.
/// </summary>
/// <remarks>
/// <para>The desired-state table is owned by the loop. <see cref="SetDesired"/> only hands the new state over a channel; the
/// loop reads every pending notification before it calls the balancer, so what is applied is always the latest desired state of
/// each server, never a queue of stale events.</para>
/// <para>Failures: an unreachable balancer (refused, timed out, any unexpected error) stops the round and backs off
/// (1 s, doubling, at most 30 s); the first failure in a row is logged. An error answer (<c>No such server.</c>) is logged once
/// per server and state, and that state is not retried until the desired state changes or the balancer reloads.</para>
/// <para>Every <see cref="BalancerDefinition.ResyncEvery"/>, <c>show info</c> is compared with the last answer: a new pid or a
/// smaller uptime means the runtime states were lost, and every desired state is applied again. Then <c>show servers state</c>
/// is compared with the table and any server whose admin state differs from an applied desired state is set again.</para>
/// <para>Thread-safe: <see cref="SetDesired"/>, <see cref="DrainAsync"/> and <see cref="Snapshot"/> may be called from any
/// thread; none of them ever throws because of the balancer.</para>
/// </remarks>
public sealed partial class LoadBalancerReconciler : IAsyncDisposable
{
    /// <summary>The delay before the first retry after a failure; it doubles per failure in a row.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How often a drain polls the sessions of its servers (at most; never past the drain timeout).</summary>
    public static readonly TimeSpan DrainPollInterval = TimeSpan.FromSeconds(1);

    private readonly ILoadBalancerRuntime _runtime;
    private readonly BalancerDefinition _definition;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Signal> _inbox = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<ServerAddress, Entry> _table = [];
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;
    private readonly ITimer _resync;
    private readonly ITimer _retry;
    private LoadBalancerSnapshot _snapshot;
    private BalancerInfo? _info;
    private int _failures;
    private DateTimeOffset? _retryAt;
    private Task? _loop;

    /// <summary>Creates the reconciler; nothing is called before <see cref="Start"/>.</summary>
    /// <param name="runtime">The balancer's runtime API.</param>
    /// <param name="definition">Its timeouts and resync period.</param>
    /// <param name="logger">Where to log; none when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public LoadBalancerReconciler(ILoadBalancerRuntime runtime, BalancerDefinition definition, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(definition);
        _runtime = runtime;
        _definition = definition;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _snapshot = new LoadBalancerSnapshot(definition.Name, null, true, null, []);
        _resync = _time.CreateTimer(static s => ((LoadBalancerReconciler)s!).Post(Signal.Resync), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retry = _time.CreateTimer(static s => ((LoadBalancerReconciler)s!).Post(Signal.Retry), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Raised on the loop each time the balancer accepted a state for a server: the server, the state it was known to be in
    /// (the drifted state for a repair; null when unknown: before the first success or after a reload), the state applied,
    /// and whether this repaired a drift. Handlers must not block.
    /// </summary>
    internal event Action<ServerAddress, ServerAdminState?, ServerAdminState, bool>? ServerApplied;

    /// <summary>The balancer's configured name.</summary>
    public string Name => _definition.Name;

    /// <summary>The balancer's definition.</summary>
    public BalancerDefinition Definition => _definition;

    /// <summary>The current desired and applied states; never calls the balancer.</summary>
    public LoadBalancerSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Starts the loop: the first resync at once (which applies every desired state set so far), then every <see cref="BalancerDefinition.ResyncEvery"/>.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            return;
        }

        _loop = Task.Run(RunAsync);
        _resync.Change(TimeSpan.Zero, _definition.ResyncEvery);
    }

    /// <summary>Sets the state <paramref name="server"/> should be in; applied by the loop as soon as it can. Never blocks, never throws.</summary>
    /// <param name="server">The server.</param>
    /// <param name="state">The desired state; replaces any earlier one not yet applied.</param>
    public void SetDesired(ServerAddress server, ServerAdminState state)
    {
        ArgumentNullException.ThrowIfNull(server);
        Post(new Signal(server, state));
    }

    /// <summary>Stops the loop after one last attempt to apply what is pending (bounded by <see cref="BalancerDefinition.Timeout"/> per call).</summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    /// <remarks>Idempotent: later calls return at once.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _resync.DisposeAsync().ConfigureAwait(false);
        await _retry.DisposeAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(_definition.Timeout + _definition.Timeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }

            await _lifetime.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _lifetime.Dispose();
    }

    private void Post(Signal signal) => _inbox.Writer.TryWrite(signal);

    private async Task RunAsync()
    {
        var token = _lifetime.Token;
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                var resync = false;
                while (_inbox.Reader.TryRead(out var signal))
                {
                    if (signal.Server is { } server)
                    {
                        SetDesired_Loop(server, signal.State);
                    }
                    else
                    {
                        resync = true;
                    }
                }

                if (!BackingOff())
                {
                    var reached = !resync || await ResyncAsync(token).ConfigureAwait(false);
                    if (reached)
                    {
                        await ApplyAsync(token).ConfigureAwait(false);
                    }
                }

                PublishSnapshot();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SetDesired_Loop(ServerAddress server, ServerAdminState state)
    {
        if (!_table.TryGetValue(server, out var entry))
        {
            _table[server] = new Entry(server, state);
            return;
        }

        if (entry.Desired != state)
        {
            entry.Desired = state;
            entry.Refused = null;
        }
    }

    private bool BackingOff() => _retryAt is { } at && _time.GetUtcNow() < at;

    /// <summary>Compares show info and show servers state with what Hale applied; false when the balancer could not be reached.</summary>
    private async Task<bool> ResyncAsync(CancellationToken token)
    {
        BalancerInfo info;
        IReadOnlyList<ServerStateRow> rows;
        try
        {
            info = await CallAsync(_runtime.ShowInfoAsync, token).ConfigureAwait(false);
            if (_info is { } previous && (info.Pid != previous.Pid || info.Uptime < previous.Uptime))
            {
                Log.Reloaded(_logger, Name, previous.Pid, info.Pid, previous.Uptime, info.Uptime);
                foreach (var entry in _table.Values)
                {
                    entry.LastApplied = null;
                    entry.Refused = null;
                }
            }

            _info = info;
            rows = _table.Count == 0 ? [] : await CallAsync(t => _runtime.ShowServersStateAsync(null, t), token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            Failed(ex, null);
            return false;
        }

        Succeeded();
        var actual = new Dictionary<ServerAddress, ServerAdminState>();
        foreach (var row in rows)
        {
            actual.TryAdd(row.Address, row.AdminState);
        }

        foreach (var entry in _table.Values)
        {
            if (entry.LastApplied == entry.Desired && actual.TryGetValue(entry.Server, out var state) && state != entry.Desired)
            {
                if (entry.DriftLogged != state)
                {
                    Log.Drift(_logger, Name, entry.Server, state, entry.Desired);
                    entry.DriftLogged = state;
                }

                HaleMetrics.BalancerDrifted(Name);
                entry.LastApplied = null;
            }
        }

        return true;
    }

    private async Task ApplyAsync(CancellationToken token)
    {
        foreach (var entry in _table.Values.OrderBy(e => e.Server.Backend, StringComparer.Ordinal).ThenBy(e => e.Server.Server, StringComparer.Ordinal))
        {
            if (entry.LastApplied == entry.Desired || entry.Refused == entry.Desired)
            {
                continue;
            }

            var state = entry.Desired;
            try
            {
                await CallAsync(
                    async t =>
                    {
                        await _runtime.SetServerStateAsync(entry.Server, state, t).ConfigureAwait(false);
                        return true;
                    },
                    token).ConfigureAwait(false);
            }
            catch (LoadBalancerException ex) when (!ex.Unreachable)
            {
                Succeeded();
                HaleMetrics.BalancerApplied(Name, "refused");
                entry.Refused = state;
                entry.LastError = ex.Message;
                if (entry.RefusalLogged.Add(state))
                {
                    Log.Refused(_logger, Name, entry.Server, state, ex.Message);
                }

                continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                HaleMetrics.BalancerApplied(Name, "error");
                Failed(ex, entry);
                return;
            }

            Succeeded();
            var repaired = entry.DriftLogged;
            var previous = repaired ?? entry.LastApplied;
            HaleMetrics.BalancerApplied(Name, "ok");
            entry.LastApplied = state;
            entry.LastAppliedAt = _time.GetUtcNow();
            entry.LastError = null;
            entry.RefusalLogged.Clear();
            entry.DriftLogged = null;
            Log.Applied(_logger, Name, entry.Server, state);
            ServerApplied?.Invoke(entry.Server, previous, state, repaired is not null);
        }
    }

    /// <summary>Calls the balancer, bounded by <see cref="BalancerDefinition.Timeout"/> even when the call ignores its token; a timeout is an unreachable balancer.</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken token)
    {
        using var timeout = new CancellationTokenSource(_definition.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
        try
        {
            return await call(linked.Token).WaitAsync(_definition.Timeout, _time, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw new LoadBalancerException($"no answer within {_definition.Timeout.TotalSeconds:0.###} s") { Unreachable = true };
        }
        catch (TimeoutException)
        {
            throw new LoadBalancerException($"no answer within {_definition.Timeout.TotalSeconds:0.###} s") { Unreachable = true };
        }
    }

    private void Succeeded()
    {
        if (_failures > 0)
        {
            Log.Reachable(_logger, Name);
        }

        _failures = 0;
        _retryAt = null;
    }

    private void Failed(Exception ex, Entry? entry)
    {
        var error = Describe(ex);
        if (entry is not null)
        {
            entry.LastError = error;
        }

        _failures++;
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(_failures - 1, 16));
        if (delay > MaxRetryDelay)
        {
            delay = MaxRetryDelay;
        }

        _retryAt = _time.GetUtcNow() + delay;
        _retry.Change(delay, Timeout.InfiniteTimeSpan);
        if (_failures == 1)
        {
            Log.Unreachable(_logger, Name, error, delay.TotalSeconds);
        }
    }

    private static string Describe(Exception ex) => ex is LoadBalancerException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";

    private void PublishSnapshot()
    {
        var servers = _table.Values
            .OrderBy(e => e.Server.Backend, StringComparer.Ordinal)
            .ThenBy(e => e.Server.Server, StringComparer.Ordinal)
            .Select(e => new ServerReconcileStatus(e.Server, e.Desired, e.LastApplied, e.LastAppliedAt, e.LastError))
            .ToList();
        Volatile.Write(ref _snapshot, new LoadBalancerSnapshot(Name, _info, _failures == 0, _retryAt, servers));
    }
}
