using System.Collections.Immutable;
using Hale.Hosting.Explain;
using Hale.Services;

namespace Hale.Hosting.Tests.Explain;

/// <summary>Why a service is in its state: one case per state of the state machine, on a fixed clock.</summary>
public class ServiceExplainerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 2, 0, TimeSpan.Zero);
    private static readonly ServiceExit Exit3 = new(new DateTimeOffset(2026, 1, 1, 12, 1, 7, TimeSpan.Zero), 3, null, "exit 3");

    [Theory]
    [InlineData("held", "fatal", "held: 10 starts within 150 s (limit 10), last exit 3 at 2026-01-01T12:01:07Z", "`hale ctl reset web`")]
    [InlineData("held", "fatal", "held: 10 starts within 150 s", "wait 4m12s: the hold ends at 2026-01-01T12:06:12Z")]
    [InlineData("held-until-reset", "fatal", "held: 10 starts", "`hale ctl reset web`: the hold lasts until an operator resets it")]
    [InlineData("backoff", "backoff", "backoff: 2 consecutive failed starts or crashes, last exit 3 at 2026-01-01T12:01:07Z; next start in 3 s", "`hale ctl start web` (starts it now, skipping the backoff)")]
    [InlineData("backoff", "backoff", "backoff:", "8 more starts within 150 s put it on hold")]
    [InlineData("stopped-by-operator", "stopped", "stopped on purpose: not wanted", "`hale ctl start web`")]
    [InlineData("waiting", "exited", "waiting: a start needs db healthy", "db becomes healthy")]
    [InlineData("starting", "starting", "starting: in its start window of 1 s", "staying alive until 2026-01-01T12:02:00Z")]
    [InlineData("running", "running", "readiness check does not pass", "the readiness check passes: ready")]
    [InlineData("ready", "ready", "ready: alive past its start window", "`hale ctl stop|restart web`")]
    [InlineData("stopping", "stopping", "stopping: the stop was sent; SIGKILL at 2026-01-01T12:02:10Z", "wait 10 s: SIGKILL")]
    public void Explain_State_RuleAndRemedy(string scenario, string state, string rule, string change)
    {
        var explanation = ServiceExplainer.Explain(Status(scenario), new ServiceDefinition { Name = "web" }, _ => null, Now, full: true);

        Assert.Equal("service", explanation.Kind);
        Assert.Equal(state, explanation.State);
        Assert.Contains(rule, explanation.Rule, StringComparison.Ordinal);
        Assert.Contains(explanation.WouldChange, c => c.Contains(change, StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_Held_InputsCountStartsAndLastExitWithItsTime()
    {
        var explanation = ServiceExplainer.Explain(Status("held"), null, _ => null, Now, full: true);

        Assert.Contains(explanation.Inputs, i => i is { Name: "starts in window", Value: "10 of 10 within 150 s" });
        Assert.Contains(explanation.Inputs, i => i.Name == "last exit" && i.Value == "exit 3" && i.At == Exit3.At);
        Assert.Contains(explanation.Inputs, i => i.Name == "last error" && i.Value.Contains("started 10 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Explain_Redacted_NoLastError()
    {
        var explanation = ServiceExplainer.Explain(Status("held"), null, _ => null, Now, full: false);

        Assert.DoesNotContain(explanation.Inputs, i => i.Name == "last error");
    }

    [Fact]
    public void Explain_DependsOnAService_ShowsItsStateAndSince()
    {
        var db = new ServiceStatus { Name = "db", State = ServiceState.Backoff, Since = Now.AddSeconds(-30) };
        var definition = new ServiceDefinition { Name = "web", DependsOn = [new ServiceDependency("db")] };

        var explanation = ServiceExplainer.Explain(Status("waiting"), definition, name => name == "db" ? db : null, Now, full: true);

        Assert.Contains(explanation.Inputs, i => i.Name == "depends on" && i.Value == "service db is backoff" && i.At == db.Since);
    }

    [Fact]
    public void Render_Held_TextHasHeaderRuleInputsAndRemedies()
    {
        var text = ExplanationText.Render(ServiceExplainer.Explain(Status("held"), null, _ => null, Now, full: true), Now);

        Assert.StartsWith("service web: fatal for 53 s (since 2026-01-01T12:01:07Z)\n  why: held: 10 starts within 150 s", text, StringComparison.Ordinal);
        Assert.Contains("  last exit:", text, StringComparison.Ordinal);
        Assert.Contains("exit 3 (53 s ago, 2026-01-01T12:01:07Z)\n", text, StringComparison.Ordinal);
        Assert.Contains("  would change it:\n    - `hale ctl reset web`", text, StringComparison.Ordinal);
    }

    private static ServiceStatus Status(string scenario)
    {
        var starts = ImmutableQueue.CreateRange(Enumerable.Range(0, 10).Select(i => Now.AddSeconds(-100 + (i * 5))));
        var basic = new ServiceStatus { Name = "web", Since = Exit3.At, LastExit = Exit3 };
        return scenario switch
        {
            "held" => basic with
            {
                State = ServiceState.Fatal, RecentStarts = starts, HeldUntil = Now + TimeSpan.FromSeconds(252),
                LastError = "started 10 times within 150 s; held for 300 s", ConsecutiveFailures = 10, Restarts = 10,
            },
            "held-until-reset" => basic with { State = ServiceState.Fatal, RecentStarts = starts },
            "backoff" => basic with
            {
                State = ServiceState.Backoff, ConsecutiveFailures = 2, NextStartAt = Now.AddSeconds(3),
                RecentStarts = ImmutableQueue.Create(Now.AddSeconds(-5), Now.AddSeconds(-2)),
            },
            "stopped-by-operator" => basic with { State = ServiceState.Stopped, Wanted = false },
            "waiting" => basic with { State = ServiceState.Exited, WaitingFor = "db", WaitingSince = Now.AddSeconds(-10) },
            "starting" => basic with { State = ServiceState.Starting, Since = Now.AddSeconds(-1), StartedAt = Now.AddSeconds(-1), Pid = 42 },
            "running" => basic with { State = ServiceState.Running, StartedAt = Now.AddMinutes(-1), Pid = 42 },
            "ready" => basic with { State = ServiceState.Ready, StartedAt = Now.AddMinutes(-1), Pid = 42 },
            "stopping" => basic with { State = ServiceState.Stopping, KillAt = Now.AddSeconds(10), Pid = 42 },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
    }
}
