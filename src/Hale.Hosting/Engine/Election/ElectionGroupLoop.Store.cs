using System.Globalization;
using Hale.Failover;
using Hale.Failover.Election;
using Hale.Processes;
using Hale.Services;
using Hale.Text;

namespace Hale.Hosting.Engine.Election;

/// <summary>The loop's side facing the coordination store: its lease, its member record, the group's keys and the watch.</summary>
internal sealed partial class ElectionGroupLoop
{
    private async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_lease != 0 && now < _nextRenewal)
        {
            return;
        }

        var sent = now;
        try
        {
            if (_lease == 0)
            {
                _lease = await _store.GrantLeaseAsync(_settings.LeaseTtl, cancellationToken).ConfigureAwait(false);
                (_renewedFrom, _grantedTtl, _published) = (sent, _settings.LeaseTtl, null);
            }
            else if (await _store.KeepAliveOnceAsync(_lease, cancellationToken).ConfigureAwait(false) is { } ttl)
            {
                (_renewedFrom, _grantedTtl) = (sent, ttl);
            }
            else
            {
                Log.ElectionState(_logger, Definition.Name, "the lease expired in the store; a new one is granted");
                (_lease, _renewedFrom, _published) = (0, null, null);
                _lease = await _store.GrantLeaseAsync(_settings.LeaseTtl, cancellationToken).ConfigureAwait(false);
                (_renewedFrom, _grantedTtl) = (_time.GetUtcNow(), _settings.LeaseTtl);
            }

            _nextRenewal = sent + _settings.RenewEvery;
            StoreRecovered();
        }
        catch (CoordinationException ex)
        {
            StoreFailed("lease", ex);
            _nextRenewal = _time.GetUtcNow() + _settings.RenewEvery / 2;
        }
    }

    private async Task PublishAsync(bool healthy, CancellationToken cancellationToken)
    {
        var record = new MemberRecord(Definition.Priority, healthy).Format();
        if (_lease == 0 || record == _published)
        {
            return;
        }

        try
        {
            await _store.PutAsync(_memberKey, record, _lease, cancellationToken).ConfigureAwait(false);
            _published = record;
        }
        catch (CoordinationException ex)
        {
            StoreFailed("publish", ex);
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _snapshot = await _store.ReadPrefixAsync(_groupPrefix, cancellationToken).ConfigureAwait(false);
            StoreRecovered();
        }
        catch (CoordinationException ex)
        {
            // The last read stands: only the lease (counted on this node's clock) can make a leader demote meanwhile.
            StoreFailed("read", ex);
        }
    }

    private (ElectionLeader? Leader, List<ElectionMember> Members) Interpret(CoordinationSnapshot? snapshot, DateTimeOffset now)
    {
        if (snapshot is null)
        {
            return (_held, []);
        }

        ElectionLeader? leader = null;
        var members = new List<ElectionMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Entries)
        {
            if (entry.Key == _leaderKey)
            {
                leader = new ElectionLeader(entry.Value, entry.CreateRevision, entry.Lease);
            }
            else if (entry.Key.StartsWith(_groupPrefix + "members/", StringComparison.Ordinal)
                && entry.Key[(_groupPrefix.Length + "members/".Length)..] is { Length: > 0 } node
                && node != Node
                && MemberRecord.Parse(entry.Value) is { } record)
            {
                seen.Add(node);
                if (record.Healthy)
                {
                    _healthySince.TryAdd(node, now);
                }
                else
                {
                    _healthySince.Remove(node);
                }

                members.Add(new ElectionMember(node, record.Priority, record.Healthy, record.Healthy ? _healthySince[node] : null));
            }
        }

        foreach (var gone in _healthySince.Keys.Where(k => k != Node && !seen.Contains(k)).ToList())
        {
            _healthySince.Remove(gone);
        }

        return (leader, members);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var from = _snapshot?.Revision ?? -1;
            if (from < 0 && _watchedRevision < 0)
            {
                await Task.Delay(_settings.RenewEvery, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await foreach (var revision in _store.WatchAsync(_groupPrefix, Math.Max(from, _watchedRevision), cancellationToken).ConfigureAwait(false))
                {
                    _watchedRevision = revision;
                    Wake();
                }
            }
            catch (CoordinationException)
            {
                await Task.Delay(_settings.RenewEvery, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void StoreFailed(string operation, CoordinationException ex)
    {
        if (_storeError is null)
        {
            Log.StoreFailed(_logger, Definition.Name, operation, SafeText.ForLog(ex.Message));
        }

        _storeError = ex.Message;
    }

    private void StoreRecovered()
    {
        if (_storeError is not null)
        {
            Log.ElectionState(_logger, Definition.Name, "the coordination store answers again");
            _storeError = null;
        }
    }
}
