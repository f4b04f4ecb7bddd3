namespace Hale.Etcd;

/// <summary>A watch asked for revisions etcd has compacted away: it cannot be resumed, only started again after a re-read.</summary>
internal sealed class CompactedException(long compactRevision)
    : Exception($"etcd compacted the history up to revision {compactRevision}; the watch cannot resume")
{
    public long CompactRevision { get; } = compactRevision;
}
