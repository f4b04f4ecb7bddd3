using System.Net;
using Hale.Hosting.Http;
using Hale.Testing;

namespace Hale.Hosting.Tests.Http;

public sealed class AuthFailureLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [Fact]
    public void IsLimited_ClientOverItsBudget_LimitedAloneUntilWindowPasses()
    {
        var clock = new ManualTimeProvider();
        var limiter = new AuthFailureLimiter(perClient: 3, total: 100, Window, clock);
        var client = IPAddress.Parse("192.0.2.1");
        for (var i = 0; i < 3; i++)
        {
            limiter.RecordFailure(client);
        }

        var limited = limiter.IsLimited(client, out var retryAfter, out var global);
        var other = limiter.IsLimited(IPAddress.Parse("192.0.2.2"), out _, out _);
        clock.Advance(Window);
        var later = limiter.IsLimited(client, out _, out _);

        Assert.True(limited);
        Assert.False(global);
        Assert.Equal(Window, retryAfter);
        Assert.False(other);
        Assert.False(later);
    }

    [Fact]
    public void IsLimited_ManyClientsOverGlobalBudget_EveryoneLimitedUntilWindowPasses()
    {
        var clock = new ManualTimeProvider();
        var limiter = new AuthFailureLimiter(perClient: 5, total: 20, Window, clock);
        for (var i = 0; i < 20; i++)
        {
            limiter.RecordFailure(IPAddress.Parse($"192.0.2.{i + 1}"));
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var newcomer = IPAddress.Parse("198.51.100.7");
        var limited = limiter.IsLimited(newcomer, out var retryAfter, out var global);
        clock.Advance(retryAfter);
        var afterOldestLeft = limiter.IsLimited(newcomer, out _, out _);

        Assert.True(limited);
        Assert.True(global);
        Assert.Equal(Window - TimeSpan.FromMilliseconds(2000), retryAfter);
        Assert.False(afterOldestLeft);
    }

    [Fact]
    public void IsLimited_BelowBothBudgets_NotLimited()
    {
        var limiter = new AuthFailureLimiter(perClient: 5, total: 20, Window, new ManualTimeProvider());
        for (var i = 0; i < 19; i++)
        {
            limiter.RecordFailure(IPAddress.Parse($"192.0.2.{(i % 4) + 1}"));
        }

        Assert.False(limiter.IsLimited(IPAddress.Parse("192.0.2.9"), out _, out _));
    }
}
