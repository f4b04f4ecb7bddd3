using System.Collections.Immutable;
using System.Globalization;

namespace Hale.Failover;

/// <summary>
/// The pure decision of a <c>coordinator: local</c> failover group, ha_valet's algorithm with its defects fixed:
/// <c>(state, input, now) → (state, actions)</c>. No I/O, no clock: the probes and the time come in.
/// </summary>
/// <remarks>
/// <para>Probes: each member's test command's exit code is its instance's priority: 1..254 up with that number (lower wins);
/// 0, 255, a timeout or a failure to run are down (<see cref="ValetProbeResult.FromExitCode"/>).</para>
/// <para>Two or more up: the up members are ranked by returned number, then configured priority, then host name (ordinal,
/// case-insensitive, then ordinal); the first stays and every other one is stopped. The winner is never stopped, so a tie never
/// stops both (ha_valet could).</para>
/// <para>One up: nothing to do.</para>
/// <para>Nothing up: when this node is a member it considers only its own instance (each member's Hale starts its own); a node
/// outside the members considers the best member by configured priority. The candidate must have answered (exit 0) or timed
/// out; an unreachable (255) or failed probe cannot be acted on. It starts once nothing has been up for
/// <see cref="ValetGroup.StartWait"/>: at once for the primary (priority 1), <see cref="ValetGroup.Interval"/> × priority for the
/// others, so that a better member's Hale wins first. Anything coming up resets the wait; a start re-arms it, so a start that
/// has not come up yet by the next round is retried only after the same wait.</para>
/// <para>Start limit: a start within <see cref="ValetGroup.Gap"/> after the previous start is a quick start; the start that would
/// be quick start number <see cref="ValetGroup.MaxQuickStarts"/> + 1 is refused and this group alone is held (ha_valet stopped
/// every monitor): no starts and no stops until <see cref="ValetGroup.HoldFor"/> passes or an operator releases it.</para>
/// </remarks>
internal static class ValetCoordinator
{
    /// <summary>Applies one input.</summary>
    /// <param name="state">The group's state.</param>
    /// <param name="input">What happened.</param>
    /// <param name="now">The current time; for a <see cref="ValetInput.Round"/>, the round's scheduled time (when its probes were
    /// launched), so that the waits, whole multiples of the interval, fall on rounds however long the probes took.</param>
    /// <param name="group">The group.</param>
    /// <returns>The new state, the actions and the reason.</returns>
    public static ValetTransition Apply(ValetGroupState state, ValetInput input, DateTimeOffset now, ValetGroup group)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(group);
        return input switch
        {
            ValetInput.Release when state.Held => new(ValetGroupState.Initial, [], $"group '{group.Name}' released by an operator"),
            ValetInput.Release => new(state, [], $"group '{group.Name}' is not held"),
            ValetInput.Round round => OnRound(state, round.Probes, now, group),
            _ => new(state, [], "ignored"),
        };
    }

    private static ValetTransition OnRound(ValetGroupState state, IReadOnlyDictionary<string, ValetProbeResult> probes, DateTimeOffset now, ValetGroup group)
    {
        ArgumentNullException.ThrowIfNull(probes);
        if (state.Held)
        {
            if (state.HeldUntil is not { } until || now < until)
            {
                return new(state, [], state.HoldReason ?? "held");
            }

            state = ValetGroupState.Initial;
        }

        var results = group.Members.Select(m => (Member: m, Probe: Lookup(probes, m.Host))).ToList();
        var up = results.Where(r => r.Probe.IsUp)
            .OrderBy(r => r.Probe.Priority)
            .ThenBy(r => r.Member.Priority)
            .ThenBy(r => r.Member.Host, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Member.Host, StringComparer.Ordinal)
            .ToList();

        if (up.Count >= 2)
        {
            var winner = up[0];
            var stops = up.Skip(1).Select(loser => new ValetAction(ValetActionKind.Stop, loser.Member.Host, StopReason(winner, loser))).ToImmutableArray();
            var who = string.Join(", ", up.Select(r => $"{r.Member.Host} ({r.Probe.Priority})"));
            return new(state with { NothingUpSince = null }, stops, $"{up.Count} members up: {who}; {winner.Member.Host} stays; " + string.Join("; ", stops.Select(s => s.Reason)));
        }

        if (up.Count == 1)
        {
            var active = up[0];
            return new(state with { NothingUpSince = null }, [], $"{active.Member.Host} is active (priority {active.Probe.Priority})");
        }

        var since = state.NothingUpSince ?? now;
        state = state with { NothingUpSince = since };
        var self = group.Self;
        var candidate = self is not null
            ? results.First(r => ReferenceEquals(r.Member, self))
            : results.Where(r => CanStart(r.Probe))
                .OrderBy(r => r.Member.Priority)
                .ThenBy(r => r.Member.Host, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.Member.Host, StringComparer.Ordinal)
                .FirstOrDefault();

        if (candidate.Member is null)
        {
            return new(state, [], $"nothing up since {Time(since)}, and no member can be started: {Describe(results)}");
        }

        if (!CanStart(candidate.Probe))
        {
            return new(state, [], $"nothing up since {Time(since)}; this node's instance ({candidate.Member.Host}) cannot be started: {candidate.Probe.Detail}");
        }

        var wait = group.StartWait(candidate.Member);
        var due = since + wait;
        if (now < due)
        {
            return new(state, [], $"nothing up since {Time(since)}; {candidate.Member.Host} (priority {candidate.Member.Priority}) starts at {Time(due)} " +
                $"(waits {Seconds(group.Interval)} s × {candidate.Member.Priority} = {Seconds(wait)} s so that a better member can win first)");
        }

        var quick = state.QuickStarts.Length > 0 && now - state.QuickStarts[^1] < group.Gap;
        if (quick && state.QuickStarts.Length > group.MaxQuickStarts)
        {
            var holdReason = $"group '{group.Name}' held: starting {candidate.Member.Host} would be start number {state.QuickStarts.Length + 1} in a row, each within " +
                $"{Seconds(group.Gap)} s after the previous (at most {group.MaxQuickStarts} quick starts); " +
                (group.HoldFor is { } holdFor ? $"until {Time(now + holdFor)} or a release" : "until an operator releases it");
            var held = state with { Held = true, HeldUntil = now + group.HoldFor, HoldReason = holdReason };
            return new(held, [new ValetAction(ValetActionKind.Hold, null, holdReason)], holdReason);
        }

        var starts = quick ? state.QuickStarts.Add(now) : [now];
        var reason = wait == TimeSpan.Zero
            ? $"nothing up; {candidate.Member.Host} is the primary and starts at once"
            : $"nothing up for {Seconds(now - since)} s (≥ {Seconds(group.Interval)} s × {candidate.Member.Priority}); {candidate.Member.Host} starts";
        return new(
            state with { NothingUpSince = now, QuickStarts = starts },
            [new ValetAction(ValetActionKind.Start, candidate.Member.Host, reason)],
            reason);
    }

    private static ValetProbeResult Lookup(IReadOnlyDictionary<string, ValetProbeResult> probes, string host)
    {
        if (probes.TryGetValue(host, out var result))
        {
            return result;
        }

        foreach (var (key, value) in probes)
        {
            if (string.Equals(key, host, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return ValetProbeResult.NotProbed;
    }

    private static bool CanStart(ValetProbeResult probe) => probe.Kind is ValetProbeKind.Down or ValetProbeKind.TimedOut;

    private static string StopReason((FailoverMember Member, ValetProbeResult Probe) winner, (FailoverMember Member, ValetProbeResult Probe) loser)
    {
        if (winner.Probe.Priority != loser.Probe.Priority)
        {
            return $"{loser.Member.Host} is up with priority {loser.Probe.Priority}, {winner.Member.Host} with {winner.Probe.Priority}: the higher number is stopped";
        }

        return winner.Member.Priority != loser.Member.Priority
            ? $"{loser.Member.Host} and {winner.Member.Host} are both up with priority {loser.Probe.Priority}: the tie goes to the better configured priority " +
              $"({winner.Member.Priority} < {loser.Member.Priority}), {loser.Member.Host} is stopped"
            : $"{loser.Member.Host} and {winner.Member.Host} are both up with priority {loser.Probe.Priority} and configured priority {loser.Member.Priority}: " +
              $"the tie goes to the first host name, {loser.Member.Host} is stopped";
    }

    private static string Describe(List<(FailoverMember Member, ValetProbeResult Probe)> results) =>
        string.Join("; ", results.Select(r => $"{r.Member.Host}: {r.Probe.Detail}"));

    private static string Time(DateTimeOffset t) => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
