using Hale.Failover.Election;

namespace Hale.Tests.Failover.Election;

/// <summary>The election decision as a table: each row one observation, the step it must give and a word of the reason.</summary>
public class ElectionPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const long MyLease = 7;

    // Rows: name, the input, the expected step, a phrase the reason must contain.
    public static TheoryData<string, string, string> Rows() => new()
    {
        { "no leader, best healthy", nameof(ElectionStep.Campaign), "best healthy candidate" },
        { "no leader, no lease yet", nameof(ElectionStep.Stay), "no live lease" },
        { "no leader, lease past safe-until", nameof(ElectionStep.Stay), "no live lease" },
        { "no leader, unhealthy", nameof(ElectionStep.Stay), "may not lead" },
        { "no leader, a better healthy member", nameof(ElectionStep.Stay), "b (priority 1) is a better healthy candidate" },
        { "no leader, a better unhealthy member", nameof(ElectionStep.Campaign), "best healthy candidate" },
        { "no leader, a better member, leaderless past the stagger", nameof(ElectionStep.Campaign), "no leader for 2 s" },
        { "no leader, two better members, leaderless one stagger", nameof(ElectionStep.Stay), "campaigns after 4 s" },
        { "tie on priority, this name ranks first", nameof(ElectionStep.Campaign), "best healthy candidate" },
        { "tie on priority, the other name ranks first", nameof(ElectionStep.Stay), "a-peer (priority 2)" },
        { "no leader, started under the grace", nameof(ElectionStep.Stay), "waits 2 s for the others to publish" },
        { "no leader, a better member, leaderless since start, just past the grace", nameof(ElectionStep.Stay), "campaigns after 2 s" },
        { "no leader, standing aside", nameof(ElectionStep.Stay), "stands aside for 1.5 s more" },
        { "no leader, stand-aside over", nameof(ElectionStep.Campaign), "best healthy candidate" },
        { "another leads", nameof(ElectionStep.Stay), "b leads (revision 40)" },
        { "holds the key on a live lease", nameof(ElectionStep.Promote), "revision 41" },
        { "holds the key, lease not live", nameof(ElectionStep.Stay), "not promoting" },
        { "holds the key, unhealthy", nameof(ElectionStep.Release), "healthy check fails" },
        { "promoted, all well", nameof(ElectionStep.Stay), "active" },
        { "promoted, lease past safe-until", nameof(ElectionStep.Demote), "fenced" },
        { "promoted, lease lost", nameof(ElectionStep.Demote), "lease is lost" },
        { "promoted, key gone", nameof(ElectionStep.Demote), "key is gone" },
        { "promoted, key held by another", nameof(ElectionStep.Demote), "b holds the leader key" },
        { "promoted, key with my name on an old lease", nameof(ElectionStep.Demote), "holds the leader key" },
        { "promoted, unhealthy", nameof(ElectionStep.Resign), "healthy check fails" },
        { "promoted, service failed", nameof(ElectionStep.Resign), "service failed" },
        { "promoted, fence fired, lease live again", nameof(ElectionStep.Demote), "watchdog fired" },
        { "promoted, fence fired, service failed and unhealthy", nameof(ElectionStep.Demote), "watchdog fired" },
        { "promoted, fence fired, lease past safe-until", nameof(ElectionStep.Demote), "no lease renewal answered in time" },
        { "promoted, better member healthy for the delay", nameof(ElectionStep.Resign), "preempted by b" },
        { "promoted, better member healthy under the delay", nameof(ElectionStep.Stay), "active" },
        { "promoted, better member healthy, preemption off", nameof(ElectionStep.Stay), "active" },
        { "holds the key, not promoted, better member past the delay", nameof(ElectionStep.Release), "b (priority 1) is better" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_Row_GivesStepAndReason(string row, string step, string reason)
    {
        var decision = ElectionPolicy.Decide(Input(row));

        Assert.Equal(step, decision.Step.ToString());
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    private static ElectionInput Input(string row)
    {
        var self = new ElectionMember("a", 2, true, T0 - TimeSpan.FromMinutes(1));
        var input = new ElectionInput(
            Now: T0, Self: self, Members: [], Leader: null, Lease: MyLease, SafeUntil: T0 + TimeSpan.FromSeconds(1),
            Promoted: false, ServiceFailed: false, LeaderlessSince: T0, CampaignStagger: TimeSpan.FromSeconds(2),
            ObservingSince: T0 - TimeSpan.FromSeconds(2), StartGrace: TimeSpan.FromSeconds(2), StandAsideUntil: null,
            Preempt: true, PreemptDelay: TimeSpan.FromSeconds(10));
        var mine = new ElectionLeader("a", 41, MyLease);
        var betterFor = (TimeSpan healthy) => new ElectionMember("b", 1, true, T0 - healthy);
        return row switch
        {
            "no leader, best healthy" => input with { Members = [new ElectionMember("c", 3, true, T0)] },
            "no leader, no lease yet" => input with { Lease = 0, SafeUntil = null },
            "no leader, lease past safe-until" => input with { SafeUntil = T0 },
            "no leader, unhealthy" => input with { Self = self with { Healthy = false, HealthySince = null } },
            "no leader, a better healthy member" => input with { Members = [betterFor(TimeSpan.Zero)] },
            "no leader, a better unhealthy member" => input with { Members = [new ElectionMember("b", 1, false, null)] },
            "no leader, a better member, leaderless past the stagger" => input with
            {
                Members = [betterFor(TimeSpan.Zero)], LeaderlessSince = T0 - TimeSpan.FromSeconds(2), ObservingSince = T0 - TimeSpan.FromSeconds(4),
            },
            "no leader, two better members, leaderless one stagger" => input with
            {
                Members = [betterFor(TimeSpan.Zero), new ElectionMember("a0", 1, true, T0)], LeaderlessSince = T0 - TimeSpan.FromSeconds(2),
            },
            "tie on priority, this name ranks first" => input with { Members = [new ElectionMember("b", 2, true, T0)] },
            "tie on priority, the other name ranks first" => input with { Members = [new ElectionMember("a-peer", 2, true, T0)], Self = self with { Node = "b" } },
            "no leader, started under the grace" => input with { ObservingSince = T0 - TimeSpan.FromSeconds(1.5) },
            "no leader, a better member, leaderless since start, just past the grace" => input with
            {
                Members = [betterFor(TimeSpan.Zero)], ObservingSince = T0 - TimeSpan.FromSeconds(3), LeaderlessSince = T0 - TimeSpan.FromSeconds(3),
            },
            "no leader, standing aside" => input with { StandAsideUntil = T0 + TimeSpan.FromSeconds(1.5) },
            "no leader, stand-aside over" => input with { StandAsideUntil = T0 },
            "another leads" => input with { Leader = new ElectionLeader("b", 40, 99) },
            "holds the key on a live lease" => input with { Leader = mine },
            "holds the key, lease not live" => input with { Leader = mine, SafeUntil = T0 },
            "holds the key, unhealthy" => input with { Leader = mine, Self = self with { Healthy = false } },
            "promoted, all well" => input with { Leader = mine, Promoted = true },
            "promoted, lease past safe-until" => input with { Leader = mine, Promoted = true, SafeUntil = T0 - TimeSpan.FromMilliseconds(300) },
            "promoted, lease lost" => input with { Leader = mine, Promoted = true, SafeUntil = null },
            "promoted, key gone" => input with { Promoted = true },
            "promoted, key held by another" => input with { Leader = new ElectionLeader("b", 44, 99), Promoted = true },
            "promoted, key with my name on an old lease" => input with { Leader = mine with { Lease = 3 }, Promoted = true },
            "promoted, unhealthy" => input with { Leader = mine, Promoted = true, Self = self with { Healthy = false } },
            "promoted, service failed" => input with { Leader = mine, Promoted = true, ServiceFailed = true },
            "promoted, fence fired, lease live again" => input with { Leader = mine, Promoted = true, FenceFired = true },
            "promoted, fence fired, service failed and unhealthy" => input with
            {
                Leader = mine, Promoted = true, FenceFired = true, ServiceFailed = true, Self = self with { Healthy = false },
            },
            "promoted, fence fired, lease past safe-until" => input with { Leader = mine, Promoted = true, FenceFired = true, SafeUntil = T0 },
            "promoted, better member healthy for the delay" => input with { Leader = mine, Promoted = true, Members = [betterFor(TimeSpan.FromSeconds(10))] },
            "promoted, better member healthy under the delay" => input with { Leader = mine, Promoted = true, Members = [betterFor(TimeSpan.FromSeconds(9))] },
            "promoted, better member healthy, preemption off" => input with
            {
                Leader = mine, Promoted = true, Members = [betterFor(TimeSpan.FromMinutes(5))], Preempt = false,
            },
            "holds the key, not promoted, better member past the delay" => input with { Leader = mine, Members = [betterFor(TimeSpan.FromSeconds(30))] },
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, "no such row"),
        };
    }
}
