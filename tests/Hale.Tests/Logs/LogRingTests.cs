using Hale.Logs;

namespace Hale.Tests.Logs;

public sealed class LogRingTests
{
    [Fact]
    public void Add_MoreThanCapacity_KeepsTheNewestDropsTheOldest()
    {
        var ring = new LogRing<int>(3);

        for (var i = 1; i <= 5; i++)
        {
            ring.Add(i);
        }

        Assert.Equal([3, 4, 5], ring.Last(10));
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void Add_ManyTimesTheCapacity_StaysBoundedAndOrdered()
    {
        var ring = new LogRing<int>(100);

        for (var i = 1; i <= 100_000; i++)
        {
            ring.Add(i);
        }

        Assert.Equal(100, ring.Count);
        Assert.Equal(Enumerable.Range(99_901, 100), ring.Last(1000));
    }

    [Fact]
    public void Last_FewerThanKept_TheNewestOldestFirst()
    {
        var ring = new LogRing<int>(10);
        foreach (var i in new[] { 1, 2, 3, 4 })
        {
            ring.Add(i);
        }

        Assert.Equal([3, 4], ring.Last(2));
        Assert.Empty(ring.Last(0));
    }

    [Fact]
    public void Last_Filter_CountsOnlyMatchingItems()
    {
        var ring = new LogRing<int>(10);
        for (var i = 1; i <= 10; i++)
        {
            ring.Add(i);
        }

        Assert.Equal([6, 8, 10], ring.Last(3, i => i % 2 == 0));
    }

    [Fact]
    public void Add_ZeroCapacity_KeepsNothing()
    {
        var ring = new LogRing<int>(0);

        ring.Add(1);

        Assert.Equal(0, ring.Count);
        Assert.Empty(ring.Last(5));
    }

    [Fact]
    public void Resize_Smaller_KeepsTheNewestThatFit()
    {
        var ring = new LogRing<int>(5);
        for (var i = 1; i <= 7; i++)
        {
            ring.Add(i);
        }

        ring.Resize(2);
        ring.Add(8);

        Assert.Equal([7, 8], ring.Last(10));
        Assert.Equal(2, ring.Capacity);
    }

    [Fact]
    public void Resize_Larger_KeepsEverythingAndGrowsToTheNewCapacity()
    {
        var ring = new LogRing<int>(3);
        for (var i = 1; i <= 4; i++)
        {
            ring.Add(i);
        }

        ring.Resize(40);
        for (var i = 5; i <= 50; i++)
        {
            ring.Add(i);
        }

        Assert.Equal(Enumerable.Range(11, 40), ring.Last(100));
    }
}
