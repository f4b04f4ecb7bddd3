using System.Globalization;

namespace Hale.Failover.Election;

/// <summary>
/// The decision of a <c>coordinator: etcd</c> failover group's member, as a pure function of one observation: whether to stay,
/// campaign for the leader key, promote, demote or resign. Safety first: a promoted member demotes as soon as its lease could
/// have expired on the store's side or it no longer holds the key; a member promotes only while it holds the key on a live lease.
/// </summary>
/// <remarks>
/// Ranking is by priority (lower wins), then by node name (ordinal), so that two members never tie. Only healthy members
/// campaign; the best healthy one at once, the others after <see cref="ElectionInput.CampaignStagger"/> per better healthy
/// member (ha_valet's "interval × priority" start delay, made live). A leader resigns when its <c>healthy:</c> check fails, when
/// its service fails, and, with preemption on, when a better member has been healthy for the preemption delay.
/// Stateless and thread-safe.
/// </remarks>
internal static class ElectionPolicy
{
    /// <summary>Decides what this member does now.</summary>
    /// <param name="input">The observation.</param>
    /// <returns>The step and its reason.</returns>
    public static ElectionDecision Decide(ElectionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var self = input.Self;
        var leader = input.Leader;
        var holdsKey = input.Lease != 0 && leader is not null && leader.Lease == input.Lease && leader.Node == self.Node;
        var leaseLive = input.SafeUntil is { } until && input.Now < until;

        if (input.Promoted)
        {
            if (!leaseLive)
            {
                return new(ElectionStep.Demote, input.SafeUntil is { } safe
                    ? $"fenced: no lease renewal answered in time (the lease was safe until {Seconds(safe - input.Now)} ago)"
                    : "fenced: the lease is lost");
            }

            if (!holdsKey)
            {
                return new(ElectionStep.Demote, leader is null
                    ? "the leader key is gone"
                    : $"{leader.Node} holds the leader key (revision {leader.Revision})");
            }

            if (input.FenceFired)
            {
                return new(ElectionStep.Demote, "fenced: its lease watchdog fired (a renewal was answered too late) and stopped the service");
            }

            if (!self.Healthy)
            {
                return new(ElectionStep.Resign, "resigning: the healthy check fails");
            }

            if (input.ServiceFailed)
            {
                return new(ElectionStep.Resign, "resigning: the service failed");
            }

            if (Preemptor(input) is { } better)
            {
                return new(ElectionStep.Resign, $"resigning: preempted by {better.Node} (priority {better.Priority} < {self.Priority}, healthy for {Seconds(input.Now - better.HealthySince!.Value)})");
            }

            return new(ElectionStep.Stay, $"active: holds the leader key (revision {leader!.Revision})");
        }

        if (holdsKey)
        {
            if (!leaseLive)
            {
                return new(ElectionStep.Stay, "holds the leader key but no renewal of its lease was answered in time: not promoting");
            }

            if (!self.Healthy)
            {
                return new(ElectionStep.Release, "holds the leader key but the healthy check fails: releasing it");
            }

            if (Preemptor(input) is { } better)
            {
                return new(ElectionStep.Release, $"holds the leader key but {better.Node} (priority {better.Priority}) is better: releasing it");
            }

            return new(ElectionStep.Promote, $"promoting: holds the leader key (revision {leader!.Revision}) on a live lease");
        }

        if (leader is not null)
        {
            return new(ElectionStep.Stay, $"standby: {leader.Node} leads (revision {leader.Revision})");
        }

        if (!leaseLive)
        {
            return new(ElectionStep.Stay, "standby: no live lease yet");
        }

        if (!self.Healthy)
        {
            return new(ElectionStep.Stay, "standby: the healthy check fails, so this member may not lead");
        }

        if (input.StandAsideUntil is { } aside && input.Now < aside)
        {
            return new(ElectionStep.Stay, $"standby: stands aside for {Seconds(aside - input.Now)} more after its service failed, so that another member leads");
        }

        var observing = input.Now - input.ObservingSince;
        if (observing < input.StartGrace)
        {
            return new(ElectionStep.Stay, $"standby: no leader; started {Seconds(observing)} ago, this member waits {Seconds(input.StartGrace)} for the others to publish before it campaigns");
        }

        var betters = input.Members.Where(m => m.Healthy && m.RanksBefore(self)).OrderBy(m => m.Priority).ThenBy(m => m.Node, StringComparer.Ordinal).ToList();
        if (betters.Count == 0)
        {
            return new(ElectionStep.Campaign, $"campaigning: no leader, and this member is the best healthy candidate (priority {self.Priority})");
        }

        var wait = input.CampaignStagger * betters.Count;
        // Counted from the end of the start grace at the earliest, so that the best member, after its own grace, goes first.
        var graceEnd = input.ObservingSince + input.StartGrace;
        var leaderless = input.LeaderlessSince is { } since ? input.Now - (since > graceEnd ? since : graceEnd) : TimeSpan.Zero;
        if (leaderless >= wait)
        {
            return new(ElectionStep.Campaign, $"campaigning: no leader for {Seconds(leaderless)}, though {betters[0].Node} (priority {betters[0].Priority}) ranks first");
        }

        return new(ElectionStep.Stay, $"standby: no leader; {betters[0].Node} (priority {betters[0].Priority}) is a better healthy candidate (this member campaigns after {Seconds(wait)} without a leader)");
    }

    private static ElectionMember? Preemptor(ElectionInput input) => !input.Preempt
        ? null
        : input.Members
            .Where(m => m.Healthy && m.HealthySince is { } since && input.Now - since >= input.PreemptDelay && m.RanksBefore(input.Self))
            .OrderBy(m => m.Priority).ThenBy(m => m.Node, StringComparer.Ordinal)
            .FirstOrDefault();

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
