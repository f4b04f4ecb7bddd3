namespace Hale.Failover.Election;

/// <summary>The holder of a group's leader key.</summary>
/// <param name="Node">The node that holds it.</param>
/// <param name="Revision">The key's create revision: the fencing token (<c>HALE_FENCING_TOKEN</c>).</param>
/// <param name="Lease">The lease the key is bound to.</param>
internal sealed record ElectionLeader(string Node, long Revision, long Lease);
