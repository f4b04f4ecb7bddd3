using Hale.Checks;

namespace Hale.Combinators;

/// <summary>
/// OK when at least one inner check is OK (the <c>any</c> of failover's wish list). Inner checks run concurrently.
/// </summary>
/// <remarks>Any OK gives OK; otherwise any error gives ERROR; otherwise FAIL. An empty list is FAIL. Thread-safe.</remarks>
public sealed class AnyCheck : ICheck, ICompositeCheck
{
    /// <summary>Creates the disjunction.</summary>
    /// <param name="checks">The inner checks.</param>
    public AnyCheck(params IEnumerable<ICheck> checks)
    {
        InnerChecks = [.. checks];
    }

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks { get; }

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var results = await LogicEvaluation.EvaluateAllAsync(InnerChecks, cancellationToken).ConfigureAwait(false);
        return LogicEvaluation.Combine(results, decisive: CheckStatus.Ok, otherwise: CheckStatus.Fail);
    }
}
