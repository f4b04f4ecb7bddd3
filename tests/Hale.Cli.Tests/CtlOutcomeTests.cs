using Hale.Cli.Commands;

namespace Hale.Cli.Tests;

/// <summary>When <c>hale ctl</c> knows the outcome of a command, from the service before it and now.</summary>
public class CtlOutcomeTests
{
    private static readonly CtlService Stopped = new("web", "stopped", false, null, 0, null, null);

    [Theory]
    [InlineData("start", "starting", "t1", 0, null)]
    [InlineData("start", "running", "t1", 0, "started")]
    [InlineData("start", "ready", "t1", 0, "started")]
    [InlineData("start", "backoff", "t1", 1, "ERROR (exited: exit 3)")]
    [InlineData("start", "starting", "t2", 1, "ERROR (exited: exit 3)")]
    [InlineData("start", "fatal", "t2", 2, "ERROR (held: too many starts; `hale ctl reset web` clears the hold)")]
    [InlineData("start", "stopped", null, 0, null)]
    [InlineData("stop", "stopping", "t0", 0, null)]
    [InlineData("stop", "stopped", "t0", 0, "stopped")]
    [InlineData("reset", "fatal", "t0", 0, null)]
    [InlineData("reset", "starting", "t1", 0, "reset")]
    public void Decide_FromStoppedService_OutcomeOrWait(string verb, string state, string? startedAt, int restarts, string? expected)
    {
        var now = new CtlService("web", state, true, startedAt, restarts, restarts > 0 ? "exit 3" : null, null);

        Assert.Equal(expected, CtlOutcome.Decide(verb, Stopped, now)?.Text);
    }

    [Fact]
    public void Decide_StartWithheld_ErrorWithTheReason_NotBeforeItHappened()
    {
        var before = Stopped with { Since = "t0", LastError = "start withheld: n2 is not the active member of group db" };
        var withheld = before with { Since = "t1" };

        Assert.Null(CtlOutcome.Decide("start", before, before));
        Assert.Equal(("ERROR (start withheld: n2 is not the active member of group db)", true), CtlOutcome.Decide("start", before, withheld));
    }

    [Fact]
    public void Decide_RestartOfRunningService_WaitsForANewInstance()
    {
        var before = new CtlService("web", "ready", true, "t0", 0, null, null);

        Assert.Null(CtlOutcome.Decide("restart", before, before with { State = "stopping" }));
        Assert.Null(CtlOutcome.Decide("restart", before, before));
        Assert.Equal(("started", false), CtlOutcome.Decide("restart", before, before with { StartedAt = "t1", State = "running" }));
    }

    [Fact]
    public void TimedOut_WaitingForADependency_SaysSo()
    {
        Assert.Equal("ERROR (timed out after 60 s: stopped, waiting for db)", CtlOutcome.TimedOut(TimeSpan.FromSeconds(60), Stopped with { WaitingFor = "db" }));
    }
}
