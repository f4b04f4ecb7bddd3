namespace Hale.Failover;

/// <summary>One action decided by <see cref="ValetCoordinator"/>.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Host">The member's host for a start or a stop; null for a hold.</param>
/// <param name="Reason">Why, with the numbers, for logs and <c>hale explain</c>.</param>
internal sealed record ValetAction(ValetActionKind Kind, string? Host, string Reason);
