using Hale.Checks;
using Hale.Combinators;
using Hale.Testing;

namespace Hale.Tests.Checks;

public class NamedCheckTests
{
    [Fact]
    public async Task CheckAsync_ConcurrentCallers_ShareOneEvaluation()
    {
        var inner = new GatedCheck();
        await using var named = new NamedCheck("db", inner);

        var callers = Enumerable.Range(0, 50).Select(_ => named.CheckAsync().AsTask()).ToArray();
        inner.Open(CheckResult.Ok("up"));
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, inner.Started);
        Assert.All(results, r => Assert.Equal(CheckStatus.Ok, r.Status));
    }

    [Fact]
    public async Task CheckAsync_AfterEvaluationCompletes_EvaluatesAgain()
    {
        var inner = new ScriptedCheck();
        await using var named = new NamedCheck("db", inner);

        await named.CheckAsync();
        await named.CheckAsync();

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task CheckAsync_CallerCancels_OthersStillGetTheResult()
    {
        var inner = new GatedCheck();
        await using var named = new NamedCheck("db", inner);
        using var impatient = new CancellationTokenSource();

        var first = named.CheckAsync(impatient.Token).AsTask();
        var second = named.CheckAsync().AsTask();
        await impatient.CancelAsync();
        inner.Open(CheckResult.Fail("down"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(CheckStatus.Fail, (await second).Status);
    }

    [Fact]
    public async Task Snapshot_RecordsStatusSinceAndTransitions()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var named = new NamedCheck("web", inner, clock);
        var transitions = new List<CheckTransition>();
        named.Transitioned += transitions.Add;

        await named.CheckAsync();
        var okSince = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(5));
        await named.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        inner.Healthy = false;
        await named.CheckAsync();

        var snapshot = named.Snapshot;
        Assert.Equal(CheckStatus.Fail, snapshot.Status);
        Assert.Equal(CheckStatus.Fail, named.Status);
        Assert.Equal(okSince.AddSeconds(10), snapshot.Since);
        Assert.Equal(2, transitions.Count);
        Assert.Equal(CheckStatus.Ok, snapshot.LastTransition!.From);
        Assert.Equal(CheckStatus.Fail, snapshot.LastTransition.To);
    }

    [Fact]
    public async Task Snapshot_SameObjectUntilTheNextRun_ThenTheNewResultAndTime()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck();
        await using var named = new NamedCheck("web", inner, clock);
        var before = named.Snapshot;
        var statusBefore = named.Status;

        await named.CheckAsync();
        var first = named.Snapshot;
        var again = named.Snapshot;
        clock.Advance(TimeSpan.FromSeconds(5));
        await named.CheckAsync();
        var second = named.Snapshot;

        Assert.Null(before.LastResult);
        Assert.Null(statusBefore);
        Assert.Equal(CheckStatus.Ok, named.Status);
        Assert.Same(first, again);
        Assert.NotSame(first, second);
        Assert.Equal(clock.GetUtcNow().AddSeconds(-5), first.LastCheckedAt);
        Assert.Equal(clock.GetUtcNow(), second.LastCheckedAt);
        Assert.Equal(CheckStatus.Ok, second.LastResult!.Value.Status);
        Assert.Equal(first.Since, second.Since); // no transition between the two runs
        Assert.Same(first.LastTransition, second.LastTransition);
    }

    [Fact]
    public async Task CheckAsync_InnerThrows_IsErrorAndRecorded()
    {
        var inner = new ScriptedCheck { Throws = new InvalidOperationException("boom") };
        await using var named = new NamedCheck("x", inner);

        var result = await named.CheckAsync();

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal(CheckStatus.Error, named.Snapshot.Status);
    }

    [Fact]
    public async Task Snapshot_BackgroundInner_RecordsEachRunWithoutRequests()
    {
        var clock = new ManualTimeProvider();
        var inner = new ScriptedCheck(CheckStatus.Fail);
        var background = new Background(inner, TimeSpan.FromSeconds(1), HealthState.Ok, clock);
        await using var named = new NamedCheck("bg", background, clock);

        CheckTree.StartAll(named);
        clock.Advance(TimeSpan.FromSeconds(2));
        await background.DisposeAsync();

        Assert.Equal(3, inner.Calls);
        Assert.Equal(CheckStatus.Fail, named.Snapshot.Status);
    }
}
