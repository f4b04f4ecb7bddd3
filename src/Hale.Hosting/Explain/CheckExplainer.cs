using System.Globalization;
using Hale.Checks;
using Hale.Combinators;
using Hale.Text;

namespace Hale.Hosting.Explain;

/// <summary>
/// Why a top-level check has its status: its last result and transition, and the state machine on top of its tree when there
/// is one: a hysteresis (<c>rise</c>/<c>fall</c>, <c>fail_after</c>) with its run of disagreeing results, or a toggle's latch.
/// </summary>
internal static class CheckExplainer
{
    /// <summary>Explains <paramref name="check"/>.</summary>
    /// <param name="check">The named check.</param>
    /// <param name="served">Whether HTTP clients see it at <c>/NAME</c>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="full">Whether details that may hold secrets (results' details, transitions' causes) are shown.</param>
    public static Explanation Explain(NamedCheck check, bool served, DateTimeOffset now, bool full)
    {
        var s = check.Snapshot;
        var state = CheckSnapshots.Format(s.Status);
        var inputs = new List<ExplainInput>();
        if (s.LastResult is { } last)
        {
            inputs.Add(new("last result", full ? $"{CheckSnapshots.Format(last.Status)}: {SafeText.RedactUrls(last.Detail)}" : CheckSnapshots.Format(last.Status), s.LastCheckedAt));
        }

        if (s.LastTransition is { } t)
        {
            var cause = full ? $": {SafeText.RedactUrls(t.Cause)}" : string.Empty;
            inputs.Add(new("last change", $"{CheckSnapshots.Format(t.From)} -> {CheckSnapshots.Format(t.To)}{cause}", t.At));
        }

        inputs.Add(new("evaluated", check.Every is { } every ? $"every {ExplainFormat.Seconds(every)} ({check.RunCount} runs)" : "on request (no one inside Hale reads it)"));
        if (!served)
        {
            inputs.Add(new("served", "no (serve: false): read by other checks, services or actions only"));
        }

        var (rule, changes) = Machine(check) switch
        {
            Hysteresis h => ForHysteresis(h, inputs, now),
            Toggle toggle => ForToggle(toggle, inputs),
            _ => (s.Status is null ? "not evaluated yet" : $"{state}: its last result", new List<string> { s.Status == CheckStatus.Ok ? "a failing result" : "a passing result" }),
        };
        return new Explanation("check", check.Name, state, s.Since, rule, inputs, changes);
    }

    /// <summary>The hysteresis or toggle at the top of the tree, reached through wrappers with one inner check; null if none.</summary>
    private static ICheck? Machine(ICheck root)
    {
        var check = root;
        for (var depth = 0; depth < 16; depth++)
        {
            switch (check)
            {
                case Hysteresis or Toggle:
                    return check;
                case ICompositeCheck { InnerChecks.Count: 1 } wrapper:
                    check = wrapper.InnerChecks[0];
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static (string, List<string>) ForHysteresis(Hysteresis h, List<ExplainInput> inputs, DateTimeOffset now)
    {
        var state = h.State;
        var ok = state.State == HealthState.Ok;
        var threshold = ok ? h.FailAfter : h.OkAfter;
        var toward = ok ? "FAIL" : "OK";
        inputs.Add(new("hysteresis", $"rise (to OK) after {Describe(h.OkAfter)}, fall (to FAIL) after {Describe(h.FailAfter)}"));
        inputs.Add(new("disagreeing", state.Disagreements.ToString(CultureInfo.InvariantCulture) + (ok ? " failing results in a row" : " passing results in a row"), state.RunStartedAt));
        var rule = $"hysteresis holds {state.State.ToString().ToUpperInvariant()}: {state.Disagreements} of {Describe(threshold)} needed to switch to {toward}";
        string change;
        if (threshold.IsCount)
        {
            var more = Math.Max(threshold.ConsecutiveCount - state.Disagreements, 1);
            change = $"{more} more {(ok ? "failing" : "passing")} results in a row switch it to {toward}";
        }
        else
        {
            var left = state.RunStartedAt is { } start ? threshold.MinimumDuration - (now - start) : threshold.MinimumDuration;
            change = $"{(ok ? "failing" : "passing")} results for {ExplainFormat.Duration(left)} more switch it to {toward}";
        }

        return (rule, [change, $"one {(ok ? "passing" : "failing")} result resets the run"]);
    }

    private static (string, List<string>) ForToggle(Toggle toggle, List<ExplainInput> inputs)
    {
        var ok = toggle.State == HealthState.Ok;
        inputs.Add(new("toggle", ok ? "OK: asks its to_fail check" : "latched FAIL: asks its to_ok check"));
        return ok
            ? ("toggle is OK: it latches FAIL when its to_fail check fails", ["its to_fail check failing latches FAIL"])
            : ("toggle latched FAIL: it stays FAIL until its to_ok check passes (e.g. a manual fail-back)", ["its to_ok check passing, e.g. an operator's manual fail-back: a POST (with http.auth credentials) to the oneshot it reads"]);
    }

    private static string Describe(Threshold t) => t.IsCount ? $"{t.ConsecutiveCount} in a row" : ExplainFormat.Seconds(t.MinimumDuration);
}
