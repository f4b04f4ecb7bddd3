using Etcdserverpb;
using Grpc.Core;

namespace Hale.Etcd;

/// <summary>One established watch stream (its create request answered), read batch by batch until it breaks.</summary>
internal sealed class WatchSession(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> call, CancellationTokenSource lifetime) : IAsyncDisposable
{
    /// <summary>
    /// The next batch of changes: the highest revision among its events, 0 when the stream broke (the reason in
    /// <c>Error</c>), or -1 when <paramref name="cancellationToken"/> ended it.
    /// </summary>
    public async Task<(long Revision, Exception? Error)> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                if (response.Canceled)
                {
                    if (response.CompactRevision > 0)
                    {
                        return (0, new CompactedException(response.CompactRevision));
                    }

                    return (0, new IOException($"watch cancelled by the member: {response.CancelReason}"));
                }

                if (response.Events.Count > 0)
                {
                    return (response.Events.Max(e => e.Kv.ModRevision), null);
                }
            }

            return (0, new IOException("watch stream ended"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (-1, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (0, ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        lifetime.Cancel();
        call.Dispose();
        lifetime.Dispose();
        return ValueTask.CompletedTask;
    }
}
