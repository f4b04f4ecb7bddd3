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
    public async Task ProbeCompleted_EveryEvaluation_RecordedInSeconds()
    {
        using var readings = new MeterReadings();
        var name = "metrics-probe-" + Guid.NewGuid().ToString("N");
        await using var check = new NamedCheck(name, new DelayedCheck(TimeSpan.FromMilliseconds(30)));

        await check.CheckAsync();
        await check.CheckAsync();

        var durations = readings.Recorded("hale.probe.duration", "check", name);
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0.03, 3600));
    }

    [Fact]
    public void ProbeBuckets_MillisecondToTenSeconds_Ascending()
    {
        Assert.Equal(0.001, HaleMetrics.ProbeBuckets[0]);
        Assert.Equal(10, HaleMetrics.ProbeBuckets[^1]);
        Assert.Equal(HaleMetrics.ProbeBuckets.Order(), HaleMetrics.ProbeBuckets);
    }

    private sealed class DelayedCheck(TimeSpan delay) : ICheck
    {
        public async ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, TimeProvider.System, cancellationToken);
            return CheckResult.Ok();
        }
    }
}
