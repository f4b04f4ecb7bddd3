using Hale.Actions;
using Hale.Checks;
using Hale.Text;

namespace Hale.Hosting.Explain;

/// <summary>
/// Why an action is promoted or demoted: its <c>when</c> checks as they stand (all OK chooses promote, any other demote), the
/// side that last succeeded, the last command's outcome, and its repeat rule.
/// </summary>
internal static class ActionExplainer
{
    /// <summary>Explains <paramref name="runner"/>; reads snapshots only, never evaluates a check.</summary>
    /// <param name="runner">The action's runner.</param>
    /// <param name="now">The current time.</param>
    /// <param name="full">Whether details that may hold secrets (command lines, output) are shown.</param>
    public static Explanation Explain(ActionRunner runner, DateTimeOffset now, bool full)
    {
        _ = now;
        var definition = runner.Definition;
        var inputs = new List<ExplainInput>();
        var unhealthy = new List<string>();
        var unknown = false;
        for (var i = 0; i < definition.When.Count; i++)
        {
            var check = definition.When[i];
            var input = CheckSnapshots.Input("when", check, $"when[{i}]");
            inputs.Add(input);
            var snapshot = CheckSnapshots.Of(check);
            unknown |= snapshot is null;
            if (snapshot is { Status: not CheckStatus.Ok })
            {
                unhealthy.Add(input.Value);
            }
        }

        var last = runner.LastOutcome;
        var failed = last is { Succeeded: false };
        if (last is { } outcome)
        {
            var side = Side(outcome.Side);
            inputs.Add(new("last command", full
                ? $"{side} `{SafeText.RedactUrls(outcome.CommandLine)}`: {SafeText.RedactUrls(outcome.Result.Describe())}"
                : $"{side}: {(outcome.Succeeded ? "exit 0" : "failed")}", outcome.At));
        }

        inputs.Add(new("repeat", definition.Repeat == ActionRepeat.EveryCycle ? "every cycle" : "on a change of side (and after a failed run)"));
        var state = runner.LastSucceededSide switch
        {
            ActionSide.Promote => "promoted",
            ActionSide.Demote => "demoted",
            _ => "not run yet",
        };
        if (failed)
        {
            state = $"{Side(last!.Side)} failed";
        }

        var choice = definition.When.Count == 0 ? "no when checks: promote"
            : unhealthy.Count > 0 ? $"demote: {string.Join("; ", unhealthy)}"
            : unknown ? "promote when every when check is OK (some are inline: evaluated each cycle)"
            : "promote: every when check is OK";
        var rule = failed
            ? $"the last {Side(last!.Side)} failed ({(full ? SafeText.RedactUrls(last.Result.Describe()) : "see the log")}); it is retried every cycle; {choice}"
            : $"{choice}";
        List<string> changes = unhealthy.Count > 0
            ? ["every when check OK: the promotion runs"]
            : ["a when check failing: the demotion runs"];
        if (failed)
        {
            changes.Insert(0, "the command succeeding on a later cycle");
        }

        return new Explanation("action", runner.Name, state, last?.At, rule, inputs, changes);
    }

    private static string Side(ActionSide side) => side == ActionSide.Promote ? "promotion" : "demotion";
}
