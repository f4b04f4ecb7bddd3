using Hale.Checks;

namespace Hale.Combinators;

/// <summary>OK when the inner check is FAIL and the reverse (the <c>not</c> of failover's wish list); an error stays an error. Thread-safe.</summary>
public sealed class NotCheck : ICheck, ICompositeCheck
{
    /// <summary>Creates the negation.</summary>
    /// <param name="inner">The check negated.</param>
    public NotCheck(ICheck inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The check negated.</summary>
    public ICheck Inner { get; }

    /// <inheritdoc />
    public IReadOnlyList<ICheck> InnerChecks => [Inner];

    /// <inheritdoc />
    public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var result = await SafeCheck.EvaluateAsync(Inner, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            CheckStatus.Ok => result with { Status = CheckStatus.Fail, Detail = $"not: {result.Detail}" },
            CheckStatus.Fail => result with { Status = CheckStatus.Ok, Detail = $"not: {result.Detail}" },
            _ => result,
        };
    }
}
