using CsCheck;
using Hale.Failover.Election;

namespace Hale.Tests.Failover.Election;

/// <summary>The election decision's safety rules, over random observations (CsCheck; a failure prints its seed).</summary>
public class ElectionPolicyPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<DateTimeOffset?> Instant =
        Gen.Nullable(Gen.Int[-5_000, 5_000].Select(ms => T0 + TimeSpan.FromMilliseconds(ms)), 0.2);

    private static readonly Gen<ElectionMember> Member =
        Gen.Select(Gen.OneOf("a", "b", "c", "d"), Gen.Int[0, 3], Gen.Bool, Instant)
            .Select((node, priority, healthy, since) => new ElectionMember(node, priority, healthy, healthy ? since ?? T0 : null));

    private static readonly Gen<ElectionInput> Observation =
        Gen.Select(
                Member,
                Member.Array[0, 3],
                Gen.OneOf(
                    Gen.Select(Gen.OneOf("a", "b", "x"), Gen.Long[1, 5], Gen.Long[0, 3]).Select((n, r, l) => (ElectionLeader?)new ElectionLeader(n, r, l)),
                    Gen.Const((ElectionLeader?)null)),
                Gen.Long[0, 3],
                Instant,
                Gen.Bool,
                Gen.Bool,
                Gen.Select(Instant, Gen.Int[-10_000, 0], Gen.Bool, Gen.Bool))
            .Select((self, others, leader, lease, safeUntil, promoted, serviceFailed, rest) => new ElectionInput(
                T0, self, [.. others.Where(o => o.Node != self.Node)], leader, lease, safeUntil, promoted, serviceFailed,
                rest.Item1, TimeSpan.FromSeconds(2), T0 + TimeSpan.FromMilliseconds(rest.Item2), TimeSpan.FromSeconds(2),
                rest.Item1 is { } aside ? aside + TimeSpan.FromSeconds(1) : null,
                rest.Item3, TimeSpan.FromSeconds(rest.Item4 ? 0 : 3)));

    private static readonly Gen<ElectionInput> Input = Gen.Select(Observation, Gen.Bool, (input, fenceFired) => input with { FenceFired = fenceFired });

    private static bool HoldsKey(ElectionInput i) => i.Lease != 0 && i.Leader is { } l && l.Lease == i.Lease && l.Node == i.Self.Node;

    private static bool LeaseLive(ElectionInput i) => i.SafeUntil is { } until && i.Now < until;

    [Fact]
    public void Decide_Promote_OnlyWhenHoldingTheKeyOnALiveLeaseAndHealthy()
    {
        Input.Sample(i => ElectionPolicy.Decide(i).Step != ElectionStep.Promote
            || (!i.Promoted && HoldsKey(i) && LeaseLive(i) && i.Self.Healthy));
    }

    [Fact]
    public void Decide_PromotedWithoutKeyOrLiveLease_AlwaysDemotes()
    {
        Input.Sample(i => !i.Promoted || (HoldsKey(i) && LeaseLive(i)) || ElectionPolicy.Decide(i).Step == ElectionStep.Demote);
    }

    [Fact]
    public void Decide_Campaign_OnlyWithoutLeaderOnALiveLeaseHealthyAndPastTheGrace()
    {
        Input.Sample(i => ElectionPolicy.Decide(i).Step != ElectionStep.Campaign
            || (i.Leader is null && !i.Promoted && LeaseLive(i) && i.Self.Healthy && i.Now - i.ObservingSince >= i.StartGrace
                && !(i.StandAsideUntil > i.Now)));
    }

    [Fact]
    public void Decide_PromotedAndFenceFired_AlwaysDemotes()
    {
        Input.Sample(i => !i.Promoted || !i.FenceFired || ElectionPolicy.Decide(i).Step == ElectionStep.Demote);
    }

    [Fact]
    public void Decide_PromotedAndUnhealthyOrServiceFailed_NeverStays()
    {
        Input.Sample(i => !i.Promoted || (i.Self.Healthy && !i.ServiceFailed) || ElectionPolicy.Decide(i).Step != ElectionStep.Stay);
    }
}
