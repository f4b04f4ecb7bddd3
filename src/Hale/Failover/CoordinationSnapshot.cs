namespace Hale.Failover;

/// <summary>The keys under a prefix at one revision of the coordination store.</summary>
/// <param name="Revision">The store's revision of the read.</param>
/// <param name="Entries">The keys, in key order.</param>
public sealed record CoordinationSnapshot(long Revision, IReadOnlyList<CoordinationEntry> Entries);
