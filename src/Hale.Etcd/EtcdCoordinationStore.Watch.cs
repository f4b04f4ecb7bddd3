using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using Hale.Failover;

namespace Hale.Etcd;

// The watch: its streams, opened (and re-opened on another member) within the deadline.
public sealed partial class EtcdCoordinationStore
{
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
            // The deadline bounds the creation only: the stream itself lives as long as the caller wants. (A timer cancelling
            // `lifetime` instead could fire after `lifetime` was disposed: ITimer.Dispose does not wait for a running callback.)
            using (var deadline = new CancellationTokenSource(within, _time))
            using (var creation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, deadline.Token))
            {
                // hasleader: etcd's require-leader flag; a member without a leader refuses or ends the stream.
                call = _watch.Watch(new CallOptions(new Metadata { { "hasleader", "true" } }, cancellationToken: lifetime.Token));
                var range = EtcdKeys.PrefixRange(prefix);
                var create = new WatchCreateRequest { Key = range.Key, RangeEnd = range.RangeEnd, StartRevision = after + 1 };
                await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, creation.Token).ConfigureAwait(false);
                if (!await call.ResponseStream.MoveNext(creation.Token).ConfigureAwait(false))
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
}
