namespace Hale.Failover;

/// <summary>One key of the coordination store, as read.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value, as UTF-8 text.</param>
/// <param name="CreateRevision">The store revision that created it (the fencing token of a leader key).</param>
/// <param name="ModRevision">The store revision that last changed it.</param>
/// <param name="Lease">The lease it dies with; 0 for none.</param>
public sealed record CoordinationEntry(string Key, string Value, long CreateRevision, long ModRevision, long Lease);
