using Hale.Hosting.Engine.Election;

namespace Hale.Hosting.Tests.Engine;

public class MemberRecordTests
{
    [Theory]
    [InlineData(1, true, "priority=1 healthy=true")]
    [InlineData(65535, false, "priority=65535 healthy=false")]
    public void Format_ThenParse_RoundTrips(int priority, bool healthy, string text)
    {
        var record = new MemberRecord(priority, healthy);

        Assert.Equal(text, record.Format());
        Assert.Equal(record, MemberRecord.Parse(text));
    }

    [Fact]
    public void Parse_UnknownFieldsAndOrder_AreIgnored()
    {
        Assert.Equal(new MemberRecord(3, true), MemberRecord.Parse("healthy=true  zone=b priority=3"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("priority=1")]
    [InlineData("healthy=true")]
    [InlineData("priority=-1 healthy=true")]
    [InlineData("priority=1 healthy=yes")]
    [InlineData("priority=99999999999 healthy=true")]
    [InlineData("priority healthy=true")]
    [InlineData("=1 healthy=true")]
    public void Parse_NotARecord_IsNull(string text)
    {
        Assert.Null(MemberRecord.Parse(text));
    }
}
