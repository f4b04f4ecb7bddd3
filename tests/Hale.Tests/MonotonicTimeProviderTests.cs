using Hale.Testing;

namespace Hale.Tests;

public class MonotonicTimeProviderTests
{
    [Fact]
    public void GetUtcNow_StartsAtTheWallTimeAndFollowsElapsedTime()
    {
        var wall = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var clock = new MonotonicTimeProvider(wall);

        wall.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 1, 30, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void GetUtcNow_WallClockStepped_DoesNotJump()
    {
        var wall = new SteppableClock(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var clock = new MonotonicTimeProvider(wall);
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(30);

        wall.StepWallClock(TimeSpan.FromHours(-1));
        wall.Elapse(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(20), deadline - clock.GetUtcNow());
        Assert.Equal(wall.GetTimestamp(), clock.GetTimestamp());
    }

    /// <summary>A clock whose wall time can be stepped without its monotonic timestamp moving.</summary>
    private sealed class SteppableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _wall = start;
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override DateTimeOffset GetUtcNow() => _wall;

        public override long GetTimestamp() => _ticks;

        public void StepWallClock(TimeSpan step) => _wall += step;

        public void Elapse(TimeSpan elapsed)
        {
            _wall += elapsed;
            _ticks += elapsed.Ticks;
        }
    }
}
