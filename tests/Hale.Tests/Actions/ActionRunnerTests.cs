using System.Diagnostics;
using Hale.Actions;
using Hale.Checks;
using Hale.Testing;

namespace Hale.Tests.Actions;

public sealed class ActionRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-actions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string[] LinesOf(string name) => File.Exists(PathOf(name)) ? File.ReadAllLines(PathOf(name)) : [];

    private ActionDefinition Sentinel(params ICheck[] when) => new()
    {
        Name = "sentinel",
        When = when,
        Promote = [$"touch {PathOf("health.html")}"],
        Demote = [$"rm -f {PathOf("health.html")}"],
    };

    [Fact]
    public async Task RunCycleAsync_AllHealthy_RunsPromote()
    {
        var runner = new ActionRunner(Sentinel(new ScriptedCheck(), new ScriptedCheck()), TimeProvider.System);

        var cycle = await runner.RunCycleAsync();

        Assert.Equal(ActionSide.Promote, cycle.Side);
        Assert.True(cycle.Ran);
        Assert.True(cycle.Succeeded);
        Assert.True(File.Exists(PathOf("health.html")));
        Assert.Equal(ActionSide.Promote, runner.LastSucceededSide);
    }

    [Fact]
    public async Task RunCycleAsync_OneCheckFails_RunsDemote()
    {
        File.WriteAllText(PathOf("health.html"), "up");
        var db = new NamedCheck("db", new ScriptedCheck(CheckStatus.Fail));
        var runner = new ActionRunner(Sentinel(new NamedCheck("web", new ScriptedCheck()), db), TimeProvider.System);

        var cycle = await runner.RunCycleAsync();

        Assert.Equal(ActionSide.Demote, cycle.Side);
        Assert.True(cycle.Ran);
        Assert.False(File.Exists(PathOf("health.html")));
        Assert.Equal("db is FAIL: scripted Fail", cycle.Reason);
    }

    [Fact]
    public async Task RunCycleAsync_CheckThrows_CountsAsNotHealthy()
    {
        var throwing = new ScriptedCheck { Throws = new InvalidOperationException("connection refused") };
        var runner = new ActionRunner(Sentinel(new ScriptedCheck(), throwing), TimeProvider.System);

        var cycle = await runner.RunCycleAsync();

        Assert.Equal(ActionSide.Demote, cycle.Side);
        Assert.Equal("when[1] is ERROR: InvalidOperationException: connection refused", cycle.Reason);
    }

    [Fact]
    public async Task RunCycleAsync_NoChecks_Promotes()
    {
        var runner = new ActionRunner(Sentinel(), TimeProvider.System);

        var cycle = await runner.RunCycleAsync();

        Assert.Equal(ActionSide.Promote, cycle.Side);
        Assert.True(File.Exists(PathOf("health.html")));
    }

    [Fact]
    public async Task RunCycleAsync_OnChangeSameSide_DoesNotRunAgain()
    {
        var web = new ScriptedCheck();
        var runner = new ActionRunner(Counting(web, ActionRepeat.OnChange), TimeProvider.System);

        var first = await runner.RunCycleAsync();
        var second = await runner.RunCycleAsync();
        web.Healthy = false;
        var demoted = await runner.RunCycleAsync();
        web.Healthy = true;
        var promotedAgain = await runner.RunCycleAsync();

        Assert.Equal([true, false, true, true], new[] { first.Ran, second.Ran, demoted.Ran, promotedAgain.Ran });
        Assert.Empty(second.Outcomes);
        Assert.Equal(["promote", "demote", "promote"], LinesOf("log"));
    }

    [Fact]
    public async Task RunCycleAsync_EveryCycle_RunsEveryCycle()
    {
        var runner = new ActionRunner(Counting(new ScriptedCheck(), ActionRepeat.EveryCycle), TimeProvider.System);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await runner.RunCycleAsync()).Ran);
        }

        Assert.Equal(["promote", "promote", "promote"], LinesOf("log"));
    }

    [Fact]
    public async Task RunCycleAsync_SeveralCommands_RunInOrder()
    {
        var log = PathOf("order");
        var runner = new ActionRunner(
            new ActionDefinition { Name = "ordered", Promote = [$"echo a >> {log}", $"echo b >> {log}", $"echo c >> {log}"] },
            TimeProvider.System);

        var cycle = await runner.RunCycleAsync();

        Assert.Equal(["a", "b", "c"], LinesOf("order"));
        Assert.Equal(3, cycle.Outcomes.Count);
        Assert.All(cycle.Outcomes, o => Assert.True(o.Succeeded));
    }

    [Fact]
    public async Task RunCycleAsync_MiddleCommandFails_StopsThenRetriedNextCycle()
    {
        var log = PathOf("order");
        var ready = PathOf("ready");
        var runner = new ActionRunner(
            new ActionDefinition
            {
                Name = "ordered",
                Promote = [$"echo a >> {log}", $"test -e {ready} || {{ echo not ready >&2; exit 3; }}", $"echo c >> {log}"],
            },
            TimeProvider.System);

        var failed = await runner.RunCycleAsync();
        var stillFailing = await runner.RunCycleAsync();
        File.WriteAllText(ready, string.Empty);
        var retried = await runner.RunCycleAsync();
        var settled = await runner.RunCycleAsync();

        Assert.Equal(2, failed.Outcomes.Count);
        Assert.False(failed.Succeeded);
        Assert.Equal(3, failed.Outcomes[1].Result.ExitCode);
        Assert.Equal("not ready", failed.Outcomes[1].Result.Output);
        Assert.True(stillFailing.Ran);
        Assert.True(retried.Ran);
        Assert.True(retried.Succeeded);
        Assert.False(settled.Ran);
        Assert.Equal(["a", "a", "a", "c"], LinesOf("order"));
        Assert.Equal(ActionSide.Promote, runner.LastSucceededSide);
    }

    [Fact]
    public async Task RunCycleAsync_FailedDemoteThenHealthyAgain_PromotesAgain()
    {
        var web = new ScriptedCheck();
        var log = PathOf("log");
        var runner = new ActionRunner(
            new ActionDefinition { Name = "half", When = [web], Promote = [$"echo promote >> {log}"], Demote = [$"echo demote >> {log}", "exit 1"] },
            TimeProvider.System);

        await runner.RunCycleAsync();
        web.Healthy = false;
        var demoteFailed = await runner.RunCycleAsync();
        web.Healthy = true;
        var promoted = await runner.RunCycleAsync();

        Assert.False(demoteFailed.Succeeded);
        Assert.True(promoted.Ran);
        Assert.Equal(["promote", "demote", "promote"], LinesOf("log"));
    }

    [Fact]
    public async Task RunCycleAsync_CommandOutlastsTimeout_FailsTimedOut()
    {
        var runner = new ActionRunner(
            new ActionDefinition { Name = "slow", Promote = ["sleep 30"], Timeout = TimeSpan.FromMilliseconds(300) },
            TimeProvider.System);

        // A 30 s command ends long before the test's own deadline only because the timeout killed it.
        var cycle = await runner.RunCycleAsync().WaitAsync(TimeSpan.FromSeconds(25));

        var outcome = Assert.Single(cycle.Outcomes);
        Assert.True(outcome.Result.TimedOut);
        Assert.Null(outcome.Result.ExitCode);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task RunCycleAsync_MissingExecutable_FailedOutcomeWithExit127()
    {
        var runner = new ActionRunner(new ActionDefinition { Name = "missing", Promote = ["/no/such/program --promote"] }, TimeProvider.System);

        var cycle = await runner.RunCycleAsync();

        var outcome = Assert.Single(cycle.Outcomes);
        Assert.Equal(127, outcome.Result.ExitCode);
        Assert.False(outcome.Succeeded);
        Assert.Same(outcome, runner.LastOutcome);
        Assert.Null(runner.LastSucceededSide);
    }

    [Fact]
    public async Task RunCycleAsync_ConcurrentCalls_NeverOverlap()
    {
        var log = PathOf("markers");
        var runner = new ActionRunner(
            new ActionDefinition { Name = "serial", Promote = [$"echo start >> {log}; sleep 0.1; echo end >> {log}"], Repeat = ActionRepeat.EveryCycle },
            TimeProvider.System);

        var cycles = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => runner.RunCycleAsync())));

        Assert.All(cycles, c => Assert.True(c.Ran));
        Assert.Equal(Enumerable.Repeat(new[] { "start", "end" }, 5).SelectMany(x => x), LinesOf("markers"));
    }

    [Fact]
    public async Task RunCycleAsync_EveryOutcome_PassedToCallbackInOrder()
    {
        var clock = new ManualTimeProvider();
        var seen = new List<ActionOutcome>();
        var runner = new ActionRunner(
            new ActionDefinition { Name = "noisy", Promote = ["echo one", "echo two >&2; exit 2", "echo three"] },
            clock,
            seen.Add);

        var cycle = await runner.RunCycleAsync();

        Assert.Equal(cycle.Outcomes, seen);
        Assert.Equal(["one", "two"], seen.Select(o => o.Result.Output));
        Assert.All(seen, o => Assert.Equal(("noisy", ActionSide.Promote, clock.GetUtcNow()), (o.Action, o.Side, o.At)));
        Assert.Equal("noisy promote `echo two >&2; exit 2`: exit 2: two", seen[1].ToString());
    }

    [Fact]
    public async Task RunCycleAsync_Cancelled_KillsCommandAndRunsAgainNextCycle()
    {
        var pidFile = PathOf("pid");
        var done = PathOf("done");
        var runner = new ActionRunner(
            new ActionDefinition { Name = "cancelled", Promote = [$"test -e {done} || {{ echo $$ > {pidFile}; exec sleep 30; }}"] },
            TimeProvider.System);
        using var cts = new CancellationTokenSource();

        var running = runner.RunCycleAsync(cts.Token);
        await Eventually.TrueAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the command to start");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(await Eventually.ProcessGoneAsync(pid), $"command {pid} still alive");
        Assert.Null(runner.LastSucceededSide);

        File.WriteAllText(done, string.Empty);
        var next = await runner.RunCycleAsync();

        Assert.True(next.Ran);
        Assert.True(next.Succeeded);
        Assert.Equal(ActionSide.Promote, runner.LastSucceededSide);
    }

    [Fact]
    public void Constructor_InvalidDefinition_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ActionRunner(new ActionDefinition { Name = "" }, TimeProvider.System));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ActionRunner(new ActionDefinition { Name = "a", Timeout = TimeSpan.Zero }, TimeProvider.System));
        Assert.Throws<ArgumentNullException>(
            () => new ActionRunner(new ActionDefinition { Name = "a", Promote = [null!] }, TimeProvider.System));
    }

    private ActionDefinition Counting(ICheck check, ActionRepeat repeat) => new()
    {
        Name = "counting",
        When = [check],
        Promote = [$"echo promote >> {PathOf("log")}"],
        Demote = [$"echo demote >> {PathOf("log")}"],
        Repeat = repeat,
    };
}
