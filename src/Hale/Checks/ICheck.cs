namespace Hale.Checks;

/// <summary>
/// A health signal that can be evaluated: a probe (one observation) or a combinator over other checks.
/// </summary>
/// <remarks>
/// Implementations never throw for an unhealthy target: unhealthy is <see cref="CheckStatus.Fail"/>.
/// They honour the caller's <see cref="CancellationToken"/> and their own timeout.
/// An exception that still escapes is treated as <see cref="CheckStatus.Error"/> by every combinator
/// and by the HTTP endpoint (failover's "task threw").
/// Implementations are safe to call from several threads at once.
/// </remarks>
public interface ICheck
{
    /// <summary>Evaluates the check once.</summary>
    /// <param name="cancellationToken">Cancels the evaluation; an evaluation cancelled this way throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The result of this evaluation.</returns>
    ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default);
}
