namespace Hale.Failover.Election;

/// <summary>The outcome of <see cref="ElectionPolicy.Decide"/>.</summary>
/// <param name="Step">What to do now.</param>
/// <param name="Reason">Why, with the rule and its numbers (for logs, status and <c>hale explain</c>).</param>
internal sealed record ElectionDecision(ElectionStep Step, string Reason);
