using Hale.Failover.Election;

namespace Hale.Tests.Failover.Election;

/// <summary>When a round's reason repeats the last one (so that the log says it once, not every round).</summary>
public class ElectionDecisionTests
{
    [Theory]
    [InlineData("standby: stands aside for 3.973 s more after its service failed", "standby: stands aside for 0.311 s more after its service failed", true)]
    [InlineData("standby: no leader; started 1.776 s ago, this member waits 2 s for the others", "standby: no leader; started 0.424 s ago, this member waits 2 s for the others", true)]
    [InlineData("campaigning: no leader for 4 s, though n1 (priority 1) ranks first", "campaigning: no leader for 2.5 s, though n1 (priority 1) ranks first", true)]
    [InlineData("standby: n2 leads (revision 8)", "standby: n2 leads (revision 8)", true)]
    [InlineData("standby: n2 leads (revision 9)", "standby: n2 leads (revision 8)", false)]
    [InlineData("standby: n3 leads (revision 8)", "standby: n2 leads (revision 8)", false)]
    [InlineData("standby: n1 (priority 1) is a better healthy candidate", "standby: n1 (priority 2) is a better healthy candidate", false)]
    [InlineData("standby: no live lease yet", null, false)]
    public void RepeatsReason_OnlyRunningSecondsMayDiffer(string reason, string? previous, bool repeats)
    {
        Assert.Equal(repeats, new ElectionDecision(ElectionStep.Stay, reason).RepeatsReason(previous));
    }
}
