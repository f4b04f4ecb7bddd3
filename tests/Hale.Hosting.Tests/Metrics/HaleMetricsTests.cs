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
    public async Task ProbeCompleted_EveryEvaluation_MeasuredOnTheCheckClock_RecordedInSecondsWithoutLabels()
    {
        using var readings = new MeterReadings();
        var clock = new ManualTimeProvider();
        // The histogram is of all checks (tests beside this one record too): a duration no other test's check takes.
        const double Seconds = 4321.0625;
        await using var check = new NamedCheck("metrics-probe-" + Guid.NewGuid().ToString("N"), new ClockAdvancingCheck(clock, TimeSpan.FromSeconds(Seconds)), clock);

        await check.CheckAsync();
        await check.CheckAsync();

        var durations = readings.Recorded("hale.probe.duration").Where(d => d.Value == Seconds).ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.Empty(d.Labels));
        Assert.Equal(TimeSpan.FromSeconds(Seconds), check.LastDuration);
    }

    [Fact]
    public async Task ProbeCompleted_DurationTheProbeReports_RecordedInSecondsAndKeptAsTheLast()
    {
        using var readings = new MeterReadings();
        const double Seconds = 1234.5;
        await using var check = new NamedCheck("metrics-probe-" + Guid.NewGuid().ToString("N"), new ReportingCheck(TimeSpan.FromSeconds(Seconds)));
        Assert.Null(check.LastDuration);

        await check.CheckAsync();

        Assert.Single(readings.Recorded("hale.probe.duration"), d => d.Value == Seconds);
        Assert.Equal(TimeSpan.FromSeconds(Seconds), check.LastDuration);
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
