using Hale.Failover;

namespace Hale.Tests.Failover;

public class ValetCoordinatorTests
{
    private static readonly DateTimeOffset T0 = ValetScenario.T0;

    // COMPAT §2 and issue 9 part 1, one row per rule. Members "host=configured priority"; node = this Hale's node name.
    [Theory]
    // Exactly one up: nothing to do, whoever it is.
    [InlineData("a=1,b=2", "a", "0 a:1 b:0 -> | 5 a:0 b:7 -> ", "b is active (priority 7)")]
    // A probe of a host outside the group counts for nothing.
    [InlineData("a=1,b=2", "a", "0 a:0 b:0 c:1 -> start a", "primary")]
    // Two up: the higher returned number is stopped, whichever node decides, even this node's own instance.
    [InlineData("a=1,b=2", "a", "0 a:1 b:3 -> stop b", "a stays")]
    [InlineData("a=1,b=2", "a", "0 a:4 b:2 -> stop a", "higher number")]
    [InlineData("a=1,b=2", "b", "0 a:4 b:2 -> stop a", "higher number")]
    // Tie on the returned number: the better configured priority stays, the same answer on every node; never both stopped.
    [InlineData("a=1,b=2", "a", "0 a:2 b:2 -> stop b", "stays")]
    [InlineData("a=1,b=2", "b", "0 a:2 b:2 -> stop b", "stays")]
    [InlineData("a=2,b=1", "a", "0 a:2 b:2 -> stop a", "stays")]
    // Tie on both numbers (explicit equal priorities): the first host name stays, case-insensitively.
    [InlineData("beta=1,Alpha=1", "beta", "0 beta:3 Alpha:3 -> stop beta", "Alpha stays")]
    // Three up: everyone but the winner is stopped, best loser first.
    [InlineData("a=1,b=2,c=3", "a", "0 a:3 b:1 c:2 -> stop c, stop a", "3 members up")]
    // Nothing up: the primary starts at once, and again each round while it stays down.
    [InlineData("a=1,b=2", "a", "0 a:0 b:0 -> start a | 5 a:0 b:0 -> start a", "primary")]
    // Nothing up: a secondary waits interval x priority (5 s x 2), then starts itself.
    [InlineData("a=1,b=2", "b", "0 a:0 b:0 -> | 5 a:0 b:0 -> | 9.999 a:0 b:0 -> | 10 a:0 b:0 -> start b", "b starts")]
    [InlineData("a=1,b=2,c=3", "c", "0 a:0 b:0 c:0 -> | 10 a:0 b:0 c:0 -> | 15 a:0 b:0 c:0 -> start c", "5 s × 3")]
    // The wait is reset by anything up during it, and counted again from the next "nothing up".
    [InlineData("a=1,b=2", "b", "0 a:0 b:0 -> | 5 a:1 b:0 -> | 10 a:0 b:0 -> | 15 a:0 b:0 -> | 20 a:0 b:0 -> start b", "b starts")]
    // A start re-arms the wait: a start not up by the next round is retried only after the same wait.
    [InlineData("a=1,b=2", "b", "0 a:0 b:0 -> | 10 a:0 b:0 -> start b | 15 a:0 b:0 -> | 20 a:0 b:0 -> start b", "b starts")]
    // 255 (ssh could not connect) is down: the standby takes over.
    [InlineData("a=1,b=2", "b", "0 a:255 b:0 -> | 10 a:255 b:0 -> start b", "b starts")]
    // A timeout is down: the standby takes over.
    [InlineData("a=1,b=2", "b", "0 a:T b:0 -> | 10 a:T b:0 -> start b", "b starts")]
    // A peer whose test could not run, or that was not probed, is down.
    [InlineData("a=1,b=2,c=3", "b", "0 a:X b:0 -> | 10 a:X b:0 -> start b", "b starts")]
    // A code outside 1..254 is not a priority: down.
    [InlineData("a=1,b=2", "a", "0 a:0 b:256 -> start a", "primary")]
    // This node's own instance unreachable (255) or its test failing to run: it cannot be started from here.
    [InlineData("a=1,b=2", "a", "0 a:255 b:0 -> | 30 a:255 b:0 -> | 35 a:X b:0 -> ", "cannot be started")]
    // This node's own test timing out counts as down: it is started (COMPAT: timeout = down).
    [InlineData("a=1,b=2", "a", "0 a:T b:0 -> start a", "primary")]
    // A Hale outside the members manages them all: the best startable member by configured priority, after its wait.
    [InlineData("a=1,b=2,c=3", "mgr", "0 a:0 b:0 c:0 -> start a", "primary")]
    [InlineData("a=1,b=2,c=3", "mgr", "0 a:255 b:0 c:0 -> | 5 a:255 b:0 c:0 -> | 10 a:255 b:0 c:0 -> start b", "b starts")]
    [InlineData("a=1,b=2,c=3", "mgr", "0 a:T b:0 c:0 -> start a", "primary")]
    [InlineData("a=1,b=2", "mgr", "0 a:255 b:X -> | 60 a:255 b:X -> ", "no member can be started")]
    // Host names match case-insensitively (node, members and probe keys).
    [InlineData("Host-A=1,host-b=2", "HOST-A", "0 host-a:0 HOST-B:0 -> start Host-A", "primary")]
    public void Apply_Table_ActsAsCompatSection2Says(string members, string node, string steps, string lastReason)
    {
        var scenario = new ValetScenario(members, node);

        scenario.Run(steps);

        Assert.Contains(lastReason, scenario.LastReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_AnyUpCombination_ExactlyOneUpMemberIsNotStopped()
    {
        var codes = new[] { 0, 1, 2, 3, 255 };
        foreach (var node in new[] { "a", "b", "c", "mgr" })
        {
            foreach (var a in codes)
            {
                foreach (var b in codes)
                {
                    foreach (var c in codes)
                    {
                        var scenario = new ValetScenario("a=1,b=1,c=2", node);
                        var actions = scenario.Round($"a:{a} b:{b} c:{c}", T0);
                        var up = new[] { ("a", a), ("b", b), ("c", c) }.Where(x => x.Item2 is >= 1 and <= 254).Select(x => x.Item1).ToList();
                        var stopped = actions.Where(x => x.Kind == ValetActionKind.Stop).Select(x => x.Host!).ToList();

                        Assert.True(up.Count < 2 || (stopped.Count == up.Count - 1 && stopped.All(up.Contains)), $"node {node}, a:{a} b:{b} c:{c}: stopped [{string.Join(",", stopped)}]");
                        Assert.True(up.Count >= 2 || stopped.Count == 0);
                    }
                }
            }
        }
    }

    [Fact]
    public void Apply_SameProbes_SameStopOnEveryNode()
    {
        var decisions = new[] { "a", "b", "mgr" }
            .Select(node => ValetScenario.Format(new ValetScenario("a=1,b=2", node).Round("a:2 b:2", T0)))
            .Distinct()
            .ToList();

        Assert.Equal(["stop b"], decisions);
    }

    [Fact]
    public void Apply_MoreThanTenQuickStarts_HoldsInsteadOfTheEleventhQuickStart()
    {
        var scenario = new ValetScenario("a=1,b=2", "a");
        var starts = 0;
        var now = T0;
        for (; starts < 11; now += TimeSpan.FromSeconds(5))
        {
            Assert.Equal("start a", ValetScenario.Format(scenario.Round("a:0 b:0", now)));
            starts++;
        }

        var hold = scenario.Round("a:0 b:0", now);

        Assert.Equal(11, starts);
        Assert.Equal("hold", ValetScenario.Format(hold));
        Assert.True(scenario.State.Held);
        Assert.Null(scenario.State.HeldUntil);
        Assert.Contains("start number 12 in a row, each within 150 s after the previous (at most 10 quick starts)", hold[0].Reason, StringComparison.Ordinal);
        Assert.Contains("until an operator releases it", scenario.LastReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Held_NeitherStartsNorStops()
    {
        var scenario = HeldScenario(out var now);

        var down = scenario.Round("a:0 b:0", now + TimeSpan.FromHours(1));
        var twoUp = scenario.Round("a:1 b:2", now + TimeSpan.FromHours(2));

        Assert.Empty(down);
        Assert.Empty(twoUp);
        Assert.Contains("held", scenario.LastReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Release_StartsAfreshAtOnce()
    {
        var scenario = HeldScenario(out var now);

        var released = scenario.Apply(new ValetInput.Release(), now);
        var next = scenario.Round("a:0 b:0", now + TimeSpan.FromSeconds(5));

        Assert.Empty(released);
        Assert.False(scenario.State.Held);
        Assert.Equal("start a", ValetScenario.Format(next));
        Assert.Single(scenario.State.QuickStarts);
    }

    [Fact]
    public void Apply_HoldForPassed_ManagesAgain()
    {
        var scenario = new ValetScenario("a=1,b=2", "a", holdFor: TimeSpan.FromMinutes(5));
        var now = T0;
        while (!scenario.State.Held)
        {
            scenario.Round("a:0 b:0", now);
            now += TimeSpan.FromSeconds(5);
        }

        var heldUntil = scenario.State.HeldUntil!.Value;
        var before = scenario.Round("a:0 b:0", heldUntil - TimeSpan.FromMilliseconds(1));
        var after = scenario.Round("a:0 b:0", heldUntil);

        Assert.Empty(before);
        Assert.Equal("start a", ValetScenario.Format(after));
        Assert.False(scenario.State.Held);
    }

    [Fact]
    public void Apply_StartsAtLeast150SecondsApart_NeverHold()
    {
        var scenario = new ValetScenario("a=1,b=2", "a");
        var actions = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            actions.Add(ValetScenario.Format(scenario.Round("a:0 b:0", T0 + TimeSpan.FromSeconds(150 * i))));
        }

        Assert.All(actions, a => Assert.Equal("start a", a));
        Assert.Single(scenario.State.QuickStarts);
    }

    [Fact]
    public void Apply_SlowStartBreaksTheRun_CountStartsAgain()
    {
        var scenario = new ValetScenario("a=1,b=2", "a");
        var now = T0;
        for (var i = 0; i < 10; i++, now += TimeSpan.FromSeconds(5))
        {
            scenario.Round("a:0 b:0", now);
        }

        now += TimeSpan.FromSeconds(150);
        var afterGap = new List<string>();
        for (var i = 0; i < 11; i++, now += TimeSpan.FromSeconds(5))
        {
            afterGap.Add(ValetScenario.Format(scenario.Round("a:0 b:0", now)));
        }

        Assert.All(afterGap, a => Assert.Equal("start a", a));
        Assert.False(scenario.State.Held);
    }

    [Fact]
    public void Apply_OneGroupHeld_AnotherGroupGoesOn()
    {
        var ostro = HeldScenario(out var now);
        var allegro = new ValetScenario("a=1", "a");

        var held = ostro.Round("a:0 b:0", now);
        var other = allegro.Round("a:0", now);

        Assert.Empty(held);
        Assert.Equal("start a", ValetScenario.Format(other));
    }

    [Fact]
    public void Apply_SomethingUp_QuickStartRunKept()
    {
        var scenario = new ValetScenario("a=1,b=2", "a");
        scenario.Round("a:0 b:0", T0);
        scenario.Round("a:1 b:0", T0 + TimeSpan.FromSeconds(5));
        scenario.Round("a:0 b:0", T0 + TimeSpan.FromSeconds(10));

        Assert.Equal(T0 + TimeSpan.FromSeconds(10), scenario.State.NothingUpSince);
        Assert.Equal(2, scenario.State.QuickStarts.Length);
    }

    [Fact]
    public void Apply_ReleaseNotHeld_Nothing()
    {
        var scenario = new ValetScenario("a=1,b=2", "b");
        scenario.Round("a:0 b:0", T0);
        var before = scenario.State;

        var actions = scenario.Apply(new ValetInput.Release(), T0);

        Assert.Empty(actions);
        Assert.Same(before, scenario.State);
    }

    private static ValetScenario HeldScenario(out DateTimeOffset now)
    {
        var scenario = new ValetScenario("a=1,b=2", "a");
        now = T0;
        while (!scenario.State.Held)
        {
            scenario.Round("a:0 b:0", now);
            now += TimeSpan.FromSeconds(5);
        }

        return scenario;
    }
}
