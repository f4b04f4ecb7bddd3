using Hale.Checks;

namespace Hale.Combinators;

/// <summary>Shared evaluation of <see cref="AllCheck"/> and <see cref="AnyCheck"/>.</summary>
internal static class LogicEvaluation
{
    public static async Task<CheckResult[]> EvaluateAllAsync(IReadOnlyList<ICheck> checks, CancellationToken cancellationToken)
    {
        var tasks = new Task<CheckResult>[checks.Count];
        for (var i = 0; i < checks.Count; i++)
        {
            tasks[i] = SafeCheck.EvaluateAsync(checks[i], cancellationToken).AsTask();
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>The first result with <paramref name="decisive"/> status wins; then the first error; else <paramref name="otherwise"/>.</summary>
    public static CheckResult Combine(CheckResult[] results, CheckStatus decisive, CheckStatus otherwise)
    {
        foreach (var result in results)
        {
            if (result.Status == decisive)
            {
                return result;
            }
        }

        foreach (var result in results)
        {
            if (result.Status == CheckStatus.Error)
            {
                return result;
            }
        }

        var detail = results.Length == 0 ? "no checks" : string.Join("; ", results.Select(r => r.Detail));
        return new CheckResult(otherwise, detail);
    }
}
