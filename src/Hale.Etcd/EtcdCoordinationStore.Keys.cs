using Etcdserverpb;
using Hale.Failover;

namespace Hale.Etcd;

// The key calls: put, the leader claim and its release, reading a prefix.
public sealed partial class EtcdCoordinationStore
{
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
}
