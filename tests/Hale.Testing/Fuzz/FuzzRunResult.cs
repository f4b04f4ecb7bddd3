namespace Hale.Testing.Fuzz;

/// <summary>What a <see cref="FuzzRunner"/> run found.</summary>
/// <param name="Count">How many cases ran.</param>
/// <param name="Failures">What went wrong, one entry a failed case, in case order.</param>
/// <param name="Rejected">How many cases the code under test rejected (as it should, or not: see <paramref name="Failures"/>).</param>
public sealed record FuzzRunResult(int Count, IReadOnlyList<string> Failures, int Rejected)
{
    /// <summary>The message of a failed run: how many cases failed, and the first ten failures.</summary>
    /// <returns>E.g. <c>2 of 1000 cases failed:</c> and the two failures, a blank line between them.</returns>
    public string Describe() => $"{Failures.Count} of {Count} cases failed:\n{string.Join("\n\n", Failures.Take(10))}";
}
