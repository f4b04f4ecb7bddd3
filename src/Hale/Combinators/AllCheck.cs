using Hale.Checks;

namespace Hale.Combinators;

/// <summary>
/// OK when every inner check is OK (the <c>all</c> of failover's wish list). Inner checks run concurrently.
/// </summary>
/// <remarks>Any FAIL gives FAIL; otherwise any error gives ERROR; otherwise OK. An empty list is OK. Thread-safe.</remarks>
public sealed class AllCheck : ICheck, ICompositeCheck
{
    /// <summary>Creates the conjunction.</summary>
    /// <param name="checks">The inner checks.</param>
    public AllCheck(params IEnumerable<ICheck> checks)
    {
        InnerChecks = [.. checks];
    }

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks { get; }

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var results = await LogicEvaluation.EvaluateAllAsync(InnerChecks, cancellationToken).ConfigureAwait(false);
        return LogicEvaluation.Combine(results, decisive: CheckStatus.Fail, otherwise: CheckStatus.Ok);
    }
}
