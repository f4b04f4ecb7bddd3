using System.Collections.Immutable;

namespace Hale.Failover;

/// <summary>The result of applying one input to a <c>coordinator: local</c> group.</summary>
/// <param name="State">The new state.</param>
/// <param name="Actions">What to do now, in order (empty: nothing).</param>
/// <param name="Reason">Why the group is as it is (also when nothing is done), for status and <c>hale explain</c>.</param>
internal sealed record ValetTransition(ValetGroupState State, ImmutableArray<ValetAction> Actions, string Reason);
