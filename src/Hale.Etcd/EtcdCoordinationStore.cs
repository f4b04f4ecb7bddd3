using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;
using Hale.Failover;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.Etcd;

/// <summary>
/// The <see cref="ICoordinationStore"/> of a <c>coordinator: etcd</c> failover group, over etcd's v3 gRPC API (etcd 3.4 and
/// later) with the generated clients of the <c>dotnet-etcd</c> package.
/// </summary>
/// <remarks>
/// <para>One plain HTTP/2 channel (no TLS) to every endpoint: calls are balanced round-robin over the members that are
/// connected, and a call whose member is gone (<c>Unavailable</c>) is retried on another within its deadline.</para>
/// <para>Every call carries a deadline (the <c>deadline</c> given to the constructor, 1 s by default) and the caller's token.
/// A call that fails or runs out of time throws <see cref="CoordinationException"/>; a cancelled caller's token throws
/// <see cref="OperationCanceledException"/>; nothing else escapes, except <see cref="ArgumentException"/> for invalid arguments.
/// A write that fails with anything but a definite refusal (a bad argument, an unknown lease) has
/// <see cref="CoordinationException.OutcomeUnknown"/> set: it may have committed.</para>
/// <para>A lease renewal (<see cref="KeepAliveOnceAsync"/>) opens a keep-alive stream, sends one request, reads one answer and
/// closes it: nothing long-lived depends on one member. Watches are read on their own streams, with etcd's require-leader
/// flag (a member that loses its leader ends them) and re-established on another member from the last revision seen.
/// Nothing is written to the console.</para>
/// <para>Thread-safe. Dispose ends every watch (quietly) and closes the channel; calls after that throw
/// <see cref="CoordinationException"/>.</para>
/// </remarks>
public sealed class EtcdCoordinationStore : ICoordinationStore
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    private readonly GrpcChannel _channel;
    private readonly KV.KVClient _kv;
    private readonly Lease.LeaseClient _lease;
    private readonly Watch.WatchClient _watch;
    private readonly ILogger _logger;
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly CancellationTokenSource _disposing = new();
    private readonly string _endpointList;
    private int _disposed;

    /// <summary>Creates the store; connects lazily, on the first call.</summary>
    /// <param name="endpoints">The client URLs of etcd's members, <c>http://HOST:PORT</c> (e.g. <c>http://127.0.0.1:2379</c>);
    /// at least one. TLS (https) is not supported yet.</param>
    /// <param name="deadline">The deadline of every call, and the time a lost watch has to be re-established; more than zero;
    /// default 1 s.</param>
    /// <param name="logger">Where a lost or resumed watch is logged; none by default.</param>
    /// <exception cref="ArgumentException">No endpoint, an endpoint that is not an absolute http URL, or a deadline that is not
    /// positive.</exception>
    public EtcdCoordinationStore(IReadOnlyList<Uri> endpoints, TimeSpan? deadline = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("At least one etcd endpoint is needed.", nameof(endpoints));
        }

        foreach (var endpoint in endpoints)
        {
            if (endpoint is null || !endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttp)
            {
                throw new ArgumentException($"etcd endpoint '{endpoint}' is not an absolute http://HOST:PORT URL (TLS is not supported).", nameof(endpoints));
            }
        }

        var perCall = deadline ?? DefaultDeadline;
        if (perCall <= TimeSpan.Zero || perCall == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"The deadline must be positive; got {perCall}.", nameof(deadline));
        }

        Endpoints = [.. endpoints];
        Deadline = perCall;
        _endpointList = string.Join(", ", Endpoints.Select(e => e.GetLeftPart(UriPartial.Authority)));
        _logger = logger ?? NullLogger.Instance;
        _channel = EtcdChannel.Create(Endpoints, perCall);
        _kv = new KV.KVClient(_channel);
        _lease = new Lease.LeaseClient(_channel);
        _watch = new Watch.WatchClient(_channel);
    }

    /// <summary>The members' client URLs, as given.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The deadline of every call.</summary>
    public TimeSpan Deadline { get; }

    /// <inheritdoc />
    /// <remarks>Rounded up to whole seconds; at least 1 s.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is not positive.</exception>
    public Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var seconds = (long)Math.Max(1, Math.Ceiling(ttl.TotalSeconds));
        return CallAsync("lease grant", write: true, cancellationToken, async options =>
        {
            var response = await _lease.LeaseGrantAsync(new LeaseGrantRequest { TTL = seconds }, options).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(response.Error) || response.ID == 0)
            {
                throw new CoordinationException($"etcd lease grant refused: {response.Error} [{_endpointList}]");
            }

            return response.ID;
        });
    }

    /// <inheritdoc />
    public Task<TimeSpan?> KeepAliveOnceAsync(long lease, CancellationToken cancellationToken) =>
        CallAsync<TimeSpan?>("lease keepalive", write: true, cancellationToken, async options =>
        {
            using var call = _lease.LeaseKeepAlive(options);
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease }, options.CancellationToken).ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(options.CancellationToken).ConfigureAwait(false))
            {
                throw new IOException("the keep-alive stream ended without an answer");
            }

            var ttl = call.ResponseStream.Current.TTL;
            return ttl > 0 ? TimeSpan.FromSeconds(ttl) : null;
        });

    /// <inheritdoc />
    public Task RevokeLeaseAsync(long lease, CancellationToken cancellationToken) =>
        CallAsync("lease revoke", write: true, cancellationToken, async options =>
        {
            try
            {
                await _lease.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, options).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // "etcdserver: requested lease not found": already gone, which is what the caller wants.
            }

            return true;
        });

    /// <inheritdoc />
    public Task<long> PutAsync(string key, string value, long lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return CallAsync($"put {key}", write: true, cancellationToken, async options =>
        {
            var request = new PutRequest { Key = EtcdKeys.Key(key), Value = EtcdKeys.Key(value), Lease = lease };
            var response = await _kv.PutAsync(request, options).ConfigureAwait(false);
            return response.Header.Revision;
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// When the key exists on <paramref name="lease"/> already (this member created it, e.g. by an earlier call whose answer was
    /// lost, or by a retry of this one), the claim is reported as acquired with that key: a lease is one member's.
    /// </remarks>
    public Task<LeaderClaim> TryAcquireAsync(string key, string value, long lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, 0);
        return CallAsync($"acquire {key}", write: true, cancellationToken, async options =>
        {
            var k = EtcdKeys.Key(key);
            var request = new TxnRequest
            {
                Compare = { new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 } },
                Success = { new RequestOp { RequestPut = new PutRequest { Key = k, Value = EtcdKeys.Key(value), Lease = lease } } },
                Failure = { new RequestOp { RequestRange = new RangeRequest { Key = k } } },
            };
            var response = await _kv.TxnAsync(request, options).ConfigureAwait(false);
            var revision = response.Header.Revision;
            if (response.Succeeded)
            {
                return new LeaderClaim(true, new CoordinationEntry(key, value, revision, revision, lease));
            }

            var kvs = response.Responses.Count > 0 ? response.Responses[0].ResponseRange?.Kvs : null;
            if (kvs is null || kvs.Count == 0)
            {
                return new LeaderClaim(false, null);
            }

            var holder = EtcdKeys.Entry(kvs[0]);
            return new LeaderClaim(holder.Lease == lease, holder);
        });
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="createRevision"/> is not positive.</exception>
    public Task<bool> ReleaseAsync(string key, long createRevision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(createRevision, 0);
        return CallAsync($"release {key}", write: true, cancellationToken, async options =>
        {
            var k = EtcdKeys.Key(key);
            var request = new TxnRequest
            {
                Compare = { new Compare { Key = k, Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = createRevision } },
                Success = { new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = k } } },
            };
            var response = await _kv.TxnAsync(request, options).ConfigureAwait(false);
            return response.Succeeded && response.Responses.Count > 0 && response.Responses[0].ResponseDeleteRange?.Deleted > 0;
        });
    }

    /// <inheritdoc />
    public Task<CoordinationSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return CallAsync($"read {prefix}", write: false, cancellationToken, async options =>
        {
            var response = await _kv.RangeAsync(EtcdKeys.PrefixRange(prefix), options).ConfigureAwait(false);
            return new CoordinationSnapshot(response.Header.Revision, [.. response.Kvs.Select(EtcdKeys.Entry)]);
        });
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each yielded revision is the highest revision among a batch's events, and the watch resumes after it. A stream that breaks
    /// (its member died, lost its leader, or went silent past HTTP/2 pings) is re-established, on any member, within
    /// <see cref="Deadline"/>; history etcd has compacted cannot be resumed (<see cref="CoordinationException"/>).
    /// </remarks>
    public async IAsyncEnumerable<long> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        var last = afterRevision;
        var resuming = false;
        while (true)
        {
            var session = await OpenWatchAsync(prefix, last, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                yield break;
            }

            if (resuming)
            {
                Log.WatchResumed(_logger, prefix, last);
            }

            await using (session.ConfigureAwait(false))
            {
                while (true)
                {
                    var (revision, error) = await session.NextAsync(cancellationToken).ConfigureAwait(false);
                    if (revision < 0)
                    {
                        yield break;
                    }

                    if (error is CompactedException compacted)
                    {
                        throw new CoordinationException($"etcd watch {prefix}: {compacted.Message} [{_endpointList}]", compacted);
                    }

                    if (error is not null)
                    {
                        if (cancellationToken.IsCancellationRequested || _disposing.IsCancellationRequested)
                        {
                            yield break;
                        }

                        Log.WatchLost(_logger, prefix, last, error.Message);
                        resuming = true;
                        break;
                    }

                    last = Math.Max(last, revision);
                    yield return revision;
                }
            }
        }
    }

    /// <summary>Ends every watch and closes the channel. Idempotent.</summary>
    /// <returns>A task that completes when done.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _disposing.Cancel();
            _channel.Dispose();
            _disposing.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Opens a watch stream from <paramref name="after"/> + 1 and waits for etcd to confirm it, trying again (any member) until
    /// <see cref="Deadline"/> has passed; null when <paramref name="cancellationToken"/> or disposal ended the wait.
    /// </summary>
    private async Task<WatchSession?> OpenWatchAsync(string prefix, long after, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        Exception? lastError = null;
        while (true)
        {
            var remaining = Deadline - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                Log.WatchFailed(_logger, prefix, Deadline.TotalSeconds, lastError?.Message ?? "no answer");
                throw lastError is null
                    ? new CoordinationException($"etcd watch {prefix}: not established within {Deadline.TotalSeconds} s [{_endpointList}]")
                    : new CoordinationException($"etcd watch {prefix}: not established within {Deadline.TotalSeconds} s: {lastError.Message} [{_endpointList}]", lastError);
            }

            WatchSession? session;
            try
            {
                session = await TryOpenWatchAsync(prefix, after, remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (CoordinationException)
            {
                throw;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested || _disposing.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                lastError = ex is RpcException rpc ? new IOException($"{rpc.StatusCode} ({rpc.Status.Detail})", rpc) : ex;
                Log.CallFailed(_logger, $"watch {prefix}", lastError.Message);
                session = null;
            }

            if (session is not null)
            {
                return session;
            }

            try
            {
                await Task.Delay(RetryPause, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// One attempt to open a watch stream from <paramref name="after"/> + 1, bounded by <paramref name="within"/>: the session once
    /// etcd confirmed it, null when the time ran out first; throws what broke the attempt.
    /// </summary>
    private async Task<WatchSession?> TryOpenWatchAsync(string prefix, long after, TimeSpan within, CancellationToken cancellationToken)
    {
        CancellationTokenSource? lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        AsyncDuplexStreamingCall<WatchRequest, WatchResponse>? call = null;
        try
        {
            // The deadline bounds the creation only: the stream itself lives as long as the caller wants.
            using (_time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), lifetime, within, Timeout.InfiniteTimeSpan))
            {
                // hasleader: etcd's require-leader flag; a member without a leader refuses or ends the stream.
                call = _watch.Watch(new CallOptions(new Metadata { { "hasleader", "true" } }, cancellationToken: lifetime.Token));
                var range = EtcdKeys.PrefixRange(prefix);
                var create = new WatchCreateRequest { Key = range.Key, RangeEnd = range.RangeEnd, StartRevision = after + 1 };
                await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, lifetime.Token).ConfigureAwait(false);
                if (!await call.ResponseStream.MoveNext(lifetime.Token).ConfigureAwait(false))
                {
                    throw new IOException("the watch stream ended before etcd confirmed it");
                }

                var first = call.ResponseStream.Current;
                if (first.CompactRevision > 0)
                {
                    throw new CoordinationException(
                        $"etcd watch {prefix}: history compacted up to {first.CompactRevision}, changes after {after} asked [{_endpointList}]");
                }

                if (first.Canceled || !first.Created)
                {
                    throw new IOException($"etcd refused the watch: {first.CancelReason}");
                }
            }

            if (lifetime.IsCancellationRequested)
            {
                return null;
            }

            var session = new WatchSession(call, lifetime);
            call = null;
            lifetime = null;
            return session;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_disposing.IsCancellationRequested)
        {
            // The creation's own time ran out.
            return null;
        }
        finally
        {
            call?.Dispose();
            lifetime?.Dispose();
        }
    }

    /// <summary>
    /// Runs one call with the store's deadline and the caller's token (and the store's disposal), mapping every failure but the
    /// caller's cancellation to <see cref="CoordinationException"/>.
    /// </summary>
    private async Task<T> CallAsync<T>(string operation, bool write, CancellationToken cancellationToken, Func<CallOptions, Task<T>> call)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CancellationTokenSource linked;
        try
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        }
        catch (ObjectDisposedException)
        {
            throw new CoordinationException($"etcd {operation}: the store is disposed");
        }

        using (linked)
        {
            var options = new CallOptions(deadline: _time.GetUtcNow().UtcDateTime + Deadline, cancellationToken: linked.Token);
            try
            {
                return await call(options).ConfigureAwait(false);
            }
            catch (CoordinationException)
            {
                throw;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                Log.CallFailed(_logger, operation, ex.Message);
                throw EtcdErrors.From(operation, ex, write, _endpointList);
            }
        }
    }
}
