using Hale.Combinators;

namespace Hale.Tests.Combinators;

public class ThresholdTests
{
    [Theory]
    [InlineData(-2)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Count_NotPositive_Throws(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Threshold.Count(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Threshold)value);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(-1)]
    [InlineData(0)]
    public void Duration_NotPositive_Throws(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Threshold.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void IsReached_Count_OnNthDisagreement()
    {
        var threshold = Threshold.Count(3);
        var t0 = DateTimeOffset.UnixEpoch;

        Assert.False(threshold.IsReached(2, t0, t0.AddHours(1)));
        Assert.True(threshold.IsReached(3, t0, t0));
    }

    [Fact]
    public void IsReached_Duration_AtLeastThresholdSinceRunStart()
    {
        var threshold = Threshold.Duration(TimeSpan.FromMinutes(2));
        var t0 = DateTimeOffset.UnixEpoch;

        Assert.False(threshold.IsReached(1000, t0, t0.AddSeconds(119.999)));
        Assert.True(threshold.IsReached(1, t0, t0.AddMinutes(2)));
    }
}
