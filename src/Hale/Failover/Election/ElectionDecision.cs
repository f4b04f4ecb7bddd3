using System.Text.RegularExpressions;

namespace Hale.Failover.Election;

/// <summary>The outcome of <see cref="ElectionPolicy.Decide"/>.</summary>
/// <param name="Step">What to do now.</param>
/// <param name="Reason">Why, with the rule and its numbers (for logs, status and <c>hale explain</c>).</param>
internal sealed partial record ElectionDecision(ElectionStep Step, string Reason)
{
    /// <summary>
    /// Whether <see cref="Reason"/> says what <paramref name="previous"/> said, but for its running times ("started 0.4 s ago",
    /// "for 3.9 s more"): a log then need not repeat it every round. Any other number (a revision, a priority) differs.
    /// </summary>
    /// <param name="previous">The reason of an earlier round; null when there was none.</param>
    /// <returns>True when only durations in seconds differ.</returns>
    public bool RepeatsReason(string? previous) =>
        previous is not null && Seconds().Replace(Reason, "# s") == Seconds().Replace(previous, "# s");

    [GeneratedRegex(@"\d+(?:\.\d+)? s\b", RegexOptions.CultureInvariant)]
    private static partial Regex Seconds();
}
