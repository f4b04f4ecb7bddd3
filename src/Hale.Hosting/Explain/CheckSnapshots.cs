using Hale.Checks;

namespace Hale.Hosting.Explain;

/// <summary>What an explanation says of a check another thing reads (a readiness check, a dependency, a <c>when</c>).</summary>
internal static class CheckSnapshots
{
    /// <summary>The last snapshot of a named check or of the check a reference points to now; null for an inline check.</summary>
    public static CheckSnapshot? Of(ICheck check) => check switch
    {
        NamedCheck named => named.Snapshot,
        CheckReference reference => reference.Target?.Snapshot,
        _ => null,
    };

    /// <summary>The status in status's words: <c>ok</c>, <c>fail</c>, <c>error</c> or <c>unknown</c>.</summary>
    public static string Format(CheckStatus? status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Fail => "fail",
        CheckStatus.Error => "error",
        _ => "unknown",
    };

    /// <summary>An input naming <paramref name="label"/> and the check's status and since when (or that it runs inline).</summary>
    public static ExplainInput Input(string label, ICheck check, string fallbackName)
    {
        var name = check switch
        {
            NamedCheck named => named.Name,
            CheckReference reference => reference.Name,
            _ => fallbackName,
        };
        return Of(check) is { } snapshot
            ? new ExplainInput(label, $"{name} is {Format(snapshot.Status)}", snapshot.Since)
            : new ExplainInput(label, $"{name} (inline check, evaluated when needed)");
    }
}
