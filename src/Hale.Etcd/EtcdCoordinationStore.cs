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
public sealed partial class EtcdCoordinationStore : ICoordinationStore
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
