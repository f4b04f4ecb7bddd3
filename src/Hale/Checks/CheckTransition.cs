namespace Hale.Checks;

/// <summary>A change of a named check's status.</summary>
/// <param name="Check">The check's name.</param>
/// <param name="At">When the new status was observed (UTC).</param>
/// <param name="From">The previous status; null for the first observation.</param>
/// <param name="To">The new status.</param>
/// <param name="Cause">The detail of the result that caused it.</param>
public sealed record CheckTransition(string Check, DateTimeOffset At, CheckStatus? From, CheckStatus To, string Cause);
