namespace Hale.Failover;

/// <summary>
/// The shared, linearizable key-value store through which the Hale of each host of a <c>coordinator: etcd</c> failover group
/// agrees on its leader: leases that expire unless renewed, keys bound to a lease, a create-if-absent transaction and a watch.
/// The core defines it; <c>Hale.Etcd</c> implements it over etcd v3. The decisions (who leads, when to demote) are the core's.
/// </summary>
/// <remarks>
/// <para>Every call is bounded: by the cancellation token the caller passes and by the implementation's
/// own per-call deadline. A call that fails or times out throws <see cref="CoordinationException"/>; after a timeout the outcome of
/// a write is <em>unknown</em> (it may have committed), so callers re-read instead of assuming either way.</para>
/// <para>Implementations are thread-safe.</para>
/// </remarks>
public interface ICoordinationStore : IAsyncDisposable
{
    /// <summary>Grants a new lease.</summary>
    /// <param name="ttl">Its time to live; whole seconds, at least 1 s (etcd's unit); the store may round up.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lease's id (never 0).</returns>
    /// <exception cref="CoordinationException">The store did not answer in time, or refused.</exception>
    Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Renews a lease once. The caller counts the renewed lease from the moment it <em>sent</em> this call (a timestamp taken
    /// before calling), never from the answer, so that its idea of the lease ends before the store's.
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The time to live the store granted again, or null when the lease no longer exists (expired or revoked).</returns>
    /// <exception cref="CoordinationException">The store did not answer in time, or refused.</exception>
    Task<TimeSpan?> KeepAliveOnceAsync(long lease, CancellationToken cancellationToken);

    /// <summary>Revokes a lease, deleting every key bound to it; a lease that no longer exists is not an error.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CoordinationException">The store did not answer in time, or refused.</exception>
    Task RevokeLeaseAsync(long lease, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="key"/> = <paramref name="value"/>, bound to <paramref name="lease"/> (0: no lease).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (UTF-8 text).</param>
    /// <param name="lease">The lease the key dies with; 0 for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The store's revision after the write.</returns>
    /// <exception cref="CoordinationException">The store did not answer in time (outcome unknown), or refused (e.g. no such lease).</exception>
    Task<long> PutAsync(string key, string value, long lease, CancellationToken cancellationToken);

    /// <summary>
    /// Creates <paramref name="key"/> = <paramref name="value"/> on <paramref name="lease"/> only if the key does not exist, in
    /// one transaction; otherwise reads who holds it.
    /// </summary>
    /// <param name="key">The leader key.</param>
    /// <param name="value">This member's name.</param>
    /// <param name="lease">This member's lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it was created, and the key as it is now (this member's when acquired: its create revision is the fencing token).</returns>
    /// <exception cref="CoordinationException">The store did not answer in time (outcome unknown), or refused.</exception>
    Task<LeaderClaim> TryAcquireAsync(string key, string value, long lease, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="key"/> only if its create revision is still <paramref name="createRevision"/> (a fenced release).</summary>
    /// <param name="key">The leader key.</param>
    /// <param name="createRevision">The create revision this member acquired it with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when deleted; false when the key was gone or belongs to another acquisition.</returns>
    /// <exception cref="CoordinationException">The store did not answer in time (outcome unknown), or refused.</exception>
    Task<bool> ReleaseAsync(string key, long createRevision, CancellationToken cancellationToken);

    /// <summary>Reads every key that starts with <paramref name="prefix"/> (a linearizable read).</summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The keys in key order, and the store's revision of the read.</returns>
    /// <exception cref="CoordinationException">The store did not answer in time, or refused.</exception>
    Task<CoordinationSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/> changed after <paramref name="afterRevision"/>: yields the revision of
    /// each batch of changes (a doorbell: callers re-read with <see cref="ReadPrefixAsync"/>). Reconnects to another endpoint by
    /// itself where it can, resuming from the last revision seen; writes nothing to the console.
    /// </summary>
    /// <param name="prefix">The key prefix.</param>
    /// <param name="afterRevision">Changes after this revision are reported.</param>
    /// <param name="cancellationToken">Ends the enumeration (without an exception).</param>
    /// <returns>The revisions, as they come.</returns>
    /// <exception cref="CoordinationException">The watch could not be (re-)established; the caller starts a new one.</exception>
    IAsyncEnumerable<long> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken);
}
