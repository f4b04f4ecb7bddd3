using Hale.Failover;

namespace Hale.Tests.Failover;

public class FailoverMemberTests
{
    [Fact]
    public void FromStandByList_Order_GivesPrioritiesFromOne()
    {
        var members = FailoverMember.FromStandByList(["host-a", "host-b", "host-c"]);

        Assert.Equal([("host-a", 1), ("host-b", 2), ("host-c", 3)], members.Select(m => (m.Host, m.Priority)));
    }

    [Fact]
    public void FromStandByList_DuplicateIgnoringCase_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => FailoverMember.FromStandByList(["host-a", "HOST-A"]));

        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PriorityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailoverMember("h", 0));
    }
}
