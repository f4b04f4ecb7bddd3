using System.Collections.Immutable;
using System.Globalization;
using Hale.Failover;

namespace Hale.Tests.Failover;

/// <summary>
/// Runs a table row against <see cref="ValetCoordinator"/> on fake time. Members are "a=1,b=2" (host=priority); steps are
/// separated by '|', each "SECONDS host:CODE ... -> ACTION, ACTION" where CODE is an exit code, T (timed out) or X (could not
/// run), a member left out is not probed, and an ACTION is "start h", "stop h" or "hold"; nothing after "->" means no action.
/// </summary>
internal sealed class ValetScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ValetScenario(string members, string node, TimeSpan? interval = null, TimeSpan? holdFor = null)
    {
        Group = new ValetGroup(
            "ostro",
            node,
            [.. members.Split(',').Select(m => m.Split('=')).Select(p => new FailoverMember(p[0].Trim(), int.Parse(p[1], CultureInfo.InvariantCulture)))],
            interval ?? TimeSpan.FromSeconds(5),
            HoldFor: holdFor);
    }

    public ValetGroup Group { get; }

    public ValetGroupState State { get; private set; } = ValetGroupState.Initial;

    public string LastReason { get; private set; } = string.Empty;

    public static Dictionary<string, ValetProbeResult> Probes(string tokens)
    {
        var probes = new Dictionary<string, ValetProbeResult>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (host, code) = (token[..token.IndexOf(':', StringComparison.Ordinal)], token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            probes[host] = code switch
            {
                "T" => ValetProbeResult.FromExitCode(null, timedOut: true),
                "X" => ValetProbeResult.FromExitCode(null, timedOut: false),
                _ => ValetProbeResult.FromExitCode(int.Parse(code, CultureInfo.InvariantCulture), timedOut: false),
            };
        }

        return probes;
    }

    public static string Format(ImmutableArray<ValetAction> actions) =>
        string.Join(", ", actions.Select(a => a.Host is null ? a.Kind.ToString().ToLowerInvariant() : $"{a.Kind.ToString().ToLowerInvariant()} {a.Host}"));

    /// <summary>Runs every step, asserting its actions; returns the actions of each step for further checks.</summary>
    public void Run(string steps)
    {
        foreach (var step in steps.Split('|'))
        {
            var (left, right) = (step.Split("->")[0].Trim(), step.Split("->")[1].Trim());
            var seconds = left.Split(' ', 2);
            var now = T0 + TimeSpan.FromSeconds(double.Parse(seconds[0], CultureInfo.InvariantCulture));
            var actions = Round(seconds.Length > 1 ? seconds[1] : string.Empty, now);
            Assert.True(Normalize(right) == Format(actions), $"at {seconds[0]} s ({left}): expected [{Normalize(right)}], got [{Format(actions)}]; reason: {LastReason}");
        }
    }

    public ImmutableArray<ValetAction> Round(string probes, DateTimeOffset now) => Apply(new ValetInput.Round(Probes(probes)), now);

    public ImmutableArray<ValetAction> Apply(ValetInput input, DateTimeOffset now)
    {
        var transition = ValetCoordinator.Apply(State, input, now, Group);
        State = transition.State;
        LastReason = transition.Reason;
        foreach (var action in transition.Actions)
        {
            Assert.False(string.IsNullOrWhiteSpace(action.Reason));
        }

        return transition.Actions;
    }

    private static string Normalize(string actions) =>
        string.Join(", ", actions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
