using Etcdserverpb;
using Grpc.Core;
using Hale.Failover;

namespace Hale.Etcd;

// The lease calls: grant, one keep-alive, revoke.
public sealed partial class EtcdCoordinationStore
{
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
}
