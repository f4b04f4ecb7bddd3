using Hale.Checks;
using Hale.Combinators;
using Hale.Testing;

namespace Hale.Tests.Combinators;

public class BackgroundTests
{
    [Fact]
    public async Task CheckAsync_NeverRunsInnerCheckOnRequest()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var background = new Background(inner, TimeSpan.FromMinutes(3), HealthState.Ok, clock);
        background.Start();
        var afterStart = inner.Calls;

        for (var i = 0; i < 100; i++)
        {
            await background.CheckAsync();
        }

        Assert.Equal(1, afterStart);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Start_RunsFirstProbeAtOnceThenEveryInterval()
    {
        // The original test_background: delay 0.1 s, 3 calls by 0.31 s; Hale also runs one at start.
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var background = new Background(inner, TimeSpan.FromMilliseconds(100), HealthState.Ok, clock);

        background.Start();
        clock.Advance(TimeSpan.FromMilliseconds(310));

        Assert.Equal(4, inner.Calls);
        Assert.Equal(4, background.RunCount);
    }

    [Fact]
    public async Task CheckAsync_AnswersCachedStateUntilNextRun()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var background = new Background(inner, TimeSpan.FromMilliseconds(100), HealthState.Ok, clock);
        background.Start();
        clock.Advance(TimeSpan.FromMilliseconds(310));
        Assert.True((await background.CheckAsync()).IsOk);

        inner.Healthy = false;
        var beforeRun = await background.CheckAsync();
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var afterRun = await background.CheckAsync();

        Assert.True(beforeRun.IsOk);
        Assert.Equal(CheckStatus.Fail, afterRun.Status);
    }

    [Fact]
    public async Task Run_InnerThrows_KeepsPreviousState()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck(CheckStatus.Fail);
        await using var background = new Background(inner, TimeSpan.FromMilliseconds(100), HealthState.Ok, clock);
        background.Start();
        Assert.Equal(CheckStatus.Fail, (await background.CheckAsync()).Status);

        inner.Throws = new InvalidOperationException("boom");
        clock.Advance(TimeSpan.FromMilliseconds(150));
        var result = await background.CheckAsync();

        Assert.Equal(2, inner.Calls);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("boom", result.Detail);
    }

    [Fact]
    public async Task CheckAsync_BeforeFirstRunCompletes_AnswersInitialState()
    {
        var clock = new ManualTimeProvider();
        var inner = new GatedCheck();
        await using var background = new Background(inner, TimeSpan.FromSeconds(1), HealthState.Fail, clock);

        var result = await background.CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal(1, inner.Started);
    }

    [Fact]
    public async Task Runs_NeverOverlap_WhenARunOutlastsTheInterval()
    {
        var clock = new ManualTimeProvider();
        var inner = new GatedCheck();
        await using var background = new Background(inner, TimeSpan.FromMilliseconds(100), HealthState.Ok, clock);
        background.Start();

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, inner.Started);
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public async Task DisposeAsync_StopsTheLoop()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        var background = new Background(inner, TimeSpan.FromMilliseconds(100), HealthState.Ok, clock);
        background.Start();

        await background.DisposeAsync();
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, inner.Calls);
    }
}
