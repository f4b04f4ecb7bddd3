namespace Hale.Checks;

/// <summary>Evaluates an inner check so that an escaping exception becomes an <see cref="CheckStatus.Error"/> result.</summary>
internal static class SafeCheck
{
    public static async ValueTask<CheckResult> EvaluateAsync(ICheck check, CancellationToken cancellationToken)
    {
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
