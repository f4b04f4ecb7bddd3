using Hale.Checks;
using Hale.Combinators;
using Hale.Testing;

namespace Hale.Tests.Combinators;

public class HysteresisTests
{
    public static TheoryData<string, HealthState, int, int, string, string> CountTables => new()
    {
        // name, initial, okAfter, failAfter, results (T/F/E = ok/fail/throws), expected states
        { "COMPAT sequence", HealthState.Ok, 5, 3, "TTFFFFTTTTTT", "TTTTFFFFFFTT" },
        { "original test_counted_hysteresis", HealthState.Ok, 5, 3, "TTFFFFTTTTTT", "TTTTFFFFFFTT" },
        { "original test_failed_hysteresis", HealthState.Ok, 2, 2, "TEEEEFFFFEEEE", "TTTTTTFFFFFFF" },
        { "agreeing result resets the run (Hale fixes)", HealthState.Ok, 1, 3, "FFTFFF", "TTTTTF" },
        { "initial fail needs ok_after successes", HealthState.Fail, 2, 2, "TFTTF", "FFFTT" },
        { "count 1 switches at once", HealthState.Ok, 1, 1, "FTFT", "FTFT" },
        { "error in a run keeps the run", HealthState.Ok, 1, 3, "FFEF", "TTTF" },
    };

    [Theory]
    [MemberData(nameof(CountTables))]
    public async Task CheckAsync_CountThresholds_FollowTable(string name, HealthState initial, int okAfter, int failAfter, string results, string expected)
    {
        var inner = new ScriptedCheck();
        var hysteresis = new Hysteresis(inner, initial, Threshold.Count(okAfter), Threshold.Count(failAfter));
        var actual = new List<char>();

        foreach (var r in results)
        {
            inner.Throws = r == 'E' ? new InvalidOperationException("boom") : null;
            inner.Healthy = r == 'T';
            var result = await hysteresis.CheckAsync();
            actual.Add(result.IsOk ? 'T' : 'F');
        }

        Assert.True(expected == new string([.. actual]), $"{name}: expected {expected}, got {new string([.. actual])}");
    }

    [Fact]
    public async Task CheckAsync_PlainIntegers_AreCounts()
    {
        var inner = new ScriptedCheck();
        var hysteresis = new Hysteresis(inner, HealthState.Ok, okAfter: 5, failAfter: 3);
        var actual = "";
        foreach (var r in "TTFFFFTTTTTT")
        {
            inner.Healthy = r == 'T';
            actual += (await hysteresis.CheckAsync()).IsOk ? 'T' : 'F';
        }

        Assert.Equal("TTTTFFFFFFTT", actual);
    }

    [Fact]
    public async Task CheckAsync_TimeThresholds_SwitchOnResultAtLeastThresholdAfterFirstDisagreement()
    {
        // The original test_timed_hysteresis: ok_after 0.3 s, fail_after 0.5 s, on the manual clock.
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        var hysteresis = new Hysteresis(inner, HealthState.Ok, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500), clock);
        var steps = new (int AdvanceMs, bool Healthy, bool Expected)[]
        {
            (0, true, true), (0, true, true), (0, false, true), (0, false, true),
            (499, false, true), (1, false, false), (0, false, false),
            (0, true, false), (0, true, false), (300, true, true), (0, true, true),
        };

        foreach (var (advance, healthy, expected) in steps)
        {
            clock.Advance(TimeSpan.FromMilliseconds(advance));
            inner.Healthy = healthy;
            Assert.Equal(expected, (await hysteresis.CheckAsync()).IsOk);
        }
    }

    [Fact]
    public async Task CheckAsync_TimeThreshold_AgreeingResultRestartsTheClock()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        var hysteresis = new Hysteresis(inner, HealthState.Ok, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), clock);

        inner.Healthy = false;
        await hysteresis.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(90));
        inner.Healthy = true;
        await hysteresis.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(60));
        inner.Healthy = false;
        var afterReset = await hysteresis.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(119));
        var justBefore = await hysteresis.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var atThreshold = await hysteresis.CheckAsync();

        Assert.True(afterReset.IsOk);
        Assert.True(justBefore.IsOk);
        Assert.Equal(CheckStatus.Fail, atThreshold.Status);
    }

    [Fact]
    public async Task CheckAsync_InnerThrows_StateAndCountersUnchanged()
    {
        var inner = new ScriptedCheck(CheckStatus.Fail);
        var hysteresis = new Hysteresis(inner, HealthState.Ok, 2, 3);
        await hysteresis.CheckAsync();
        var before = hysteresis.State;

        inner.Throws = new InvalidOperationException("boom");
        var result = await hysteresis.CheckAsync();

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains("boom", result.Detail);
        Assert.Equal(before, hysteresis.State);
        Assert.Equal(1, hysteresis.State.Disagreements);
    }

    [Fact]
    public void Constructor_DefaultThreshold_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Hysteresis(new ScriptedCheck(), HealthState.Ok, default, 1));
    }
}
