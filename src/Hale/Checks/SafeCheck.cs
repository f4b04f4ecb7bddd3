namespace Hale.Checks;

/// <summary>
/// Evaluates a check so that an escaping exception becomes an <see cref="CheckStatus.Error"/> result (failover's
/// "task threw"); used by every combinator, the supervisor and the HTTP endpoint.
/// </summary>
public static class SafeCheck
{
    /// <summary>Evaluates <paramref name="check"/> once; never throws except for the caller's own cancellation.</summary>
    /// <param name="check">The check.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result, or an ERROR result naming the exception. Thread-safe.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<CheckResult> EvaluateAsync(ICheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return await check.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return CheckResult.Error($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
