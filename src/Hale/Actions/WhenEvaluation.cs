using Hale.Checks;

namespace Hale.Actions;

/// <summary>Evaluates an action's <c>when</c> checks concurrently and chooses the side, with the reason in words.</summary>
internal static class WhenEvaluation
{
    /// <summary>The names used in reasons: a <see cref="NamedCheck"/>'s name, otherwise <c>when[i]</c>.</summary>
    public static string[] NamesOf(IReadOnlyList<ICheck> checks) =>
        [.. checks.Select((check, i) => check switch
        {
            NamedCheck named => named.Name,
            CheckReference reference => reference.Name,
            _ => $"when[{i}]",
        })];

    /// <summary>All OK → promote; any FAIL or ERROR (an escaping exception is ERROR) → demote. Throws only on cancellation.</summary>
    public static async Task<(ActionSide Side, string Reason)> DecideAsync(
        IReadOnlyList<ICheck> checks, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            return (ActionSide.Promote, "no checks: healthy");
        }

        var results = await Task.WhenAll(checks.Select(c => SafeCheck.EvaluateAsync(c, cancellationToken).AsTask())).ConfigureAwait(false);
        var unhealthy = results
            .Select((result, i) => (Name: names[i], Result: result))
            .Where(r => !r.Result.IsOk)
            .Select(r => $"{r.Name} is {r.Result.Status.ToString().ToUpperInvariant()}: {r.Result.Detail}")
            .ToList();
        return unhealthy.Count == 0
            ? (ActionSide.Promote, $"all healthy: {string.Join(", ", names)}")
            : (ActionSide.Demote, string.Join("; ", unhealthy));
    }
}
