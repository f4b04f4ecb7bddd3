using Hale.Checks;
using Hale.Testing;

namespace Hale.Hosting.Tests.Metrics;

public class HaleMetricsTests
{
    [Fact]
    public async Task CheckTransitioned_StatusChanges_CountedOncePerChangeWithTheNewStatus()
    {
        using var readings = new MeterReadings();
        var name = "metrics-check-" + Guid.NewGuid().ToString("N");
        var scripted = new ScriptedCheck(CheckStatus.Ok);
        await using var check = new NamedCheck(name, scripted);

        await check.CheckAsync();
        await check.CheckAsync();
        scripted.Status = CheckStatus.Fail;
        await check.CheckAsync();

        var transitions = readings.Recorded("hale.check.transitions", "check", name);
        Assert.Equal(["ok", "fail"], transitions.Select(t => t["to"]));
        Assert.All(transitions, t => Assert.Equal(1, t.Value));
    }

    [Fact]
    public async Task ProbeCompleted_EveryEvaluation_MeasuredOnTheCheckClock_RecordedInSeconds()
    {
        using var readings = new MeterReadings();
        var name = "metrics-probe-" + Guid.NewGuid().ToString("N");
        var clock = new ManualTimeProvider();
        await using var check = new NamedCheck(name, new ClockAdvancingCheck(clock, TimeSpan.FromMilliseconds(30)), clock);

        await check.CheckAsync();
        await check.CheckAsync();

        var durations = readings.Recorded("hale.probe.duration", "check", name);
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.Equal(0.03, d.Value, 9));
    }

    [Fact]
    public async Task ProbeCompleted_DurationTheProbeReports_RecordedInSeconds()
    {
        using var readings = new MeterReadings();
        var name = "metrics-probe-" + Guid.NewGuid().ToString("N");
        await using var check = new NamedCheck(name, new ReportingCheck(TimeSpan.FromMilliseconds(1500)));

        await check.CheckAsync();

        Assert.Equal(1.5, Assert.Single(readings.Recorded("hale.probe.duration", "check", name)).Value, 9);
    }

    [Fact]
    public void ProbeBuckets_MillisecondToTenSeconds_Ascending()
    {
        Assert.Equal(0.001, HaleMetrics.ProbeBuckets[0]);
        Assert.Equal(10, HaleMetrics.ProbeBuckets[^1]);
        Assert.Equal(HaleMetrics.ProbeBuckets.Order(), HaleMetrics.ProbeBuckets);
    }

    /// <summary>A probe that takes <paramref name="duration"/> of the check's (manual) clock.</summary>
    private sealed class ClockAdvancingCheck(ManualTimeProvider clock, TimeSpan duration) : ICheck
    {
        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
        {
            clock.Advance(duration);
            return ValueTask.FromResult(CheckResult.Ok());
        }
    }

    /// <summary>A probe that reports its own duration (one that times itself).</summary>
    private sealed class ReportingCheck(TimeSpan duration) : ICheck
    {
        public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(CheckResult.Ok() with { Duration = duration });
    }
}
