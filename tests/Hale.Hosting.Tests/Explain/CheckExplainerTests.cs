using Hale.Checks;
using Hale.Combinators;
using Hale.Hosting.Explain;
using Hale.Testing;

namespace Hale.Hosting.Tests.Explain;

/// <summary>Why a check has its status: the hysteresis run and thresholds, a toggle's latch, or its last result; on fake time.</summary>
public class CheckExplainerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(0, "hysteresis holds OK: 0 of 3 in a row needed to switch to FAIL", "3 more failing results in a row switch it to FAIL")]
    [InlineData(1, "hysteresis holds OK: 1 of 3 in a row needed to switch to FAIL", "2 more failing results in a row switch it to FAIL")]
    [InlineData(2, "hysteresis holds OK: 2 of 3 in a row needed to switch to FAIL", "1 more failing results in a row switch it to FAIL")]
    [InlineData(3, "hysteresis holds FAIL: 0 of 2 in a row needed to switch to OK", "2 more passing results in a row switch it to OK")]
    public async Task Explain_HysteresisByCount_RunAndWhatIsLeft(int failures, string rule, string change)
    {
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("web", new Hysteresis(inner, HealthState.Ok, okAfter: 2, failAfter: 3, _time), _time);
        await check.CheckAsync();
        inner.Healthy = false;
        for (var i = 0; i < failures; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await check.CheckAsync();
        }

        var explanation = CheckExplainer.Explain(check, served: true, _time.GetUtcNow(), full: true);

        Assert.Equal(failures < 3 ? "ok" : "fail", explanation.State);
        Assert.Equal(rule, explanation.Rule);
        Assert.Contains(change, explanation.WouldChange);
        Assert.Contains(explanation.Inputs, i => i is { Name: "hysteresis", Value: "rise (to OK) after 2 in a row, fall (to FAIL) after 3 in a row" });
    }

    [Fact]
    public async Task Explain_HysteresisByDuration_TimeLeftAndRunStart()
    {
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("web", new Hysteresis(inner, HealthState.Ok, okAfter: TimeSpan.FromSeconds(10), failAfter: TimeSpan.FromSeconds(30), _time), _time);
        await check.CheckAsync();
        inner.Healthy = false;
        var runStart = _time.GetUtcNow();
        await check.CheckAsync();
        _time.Advance(TimeSpan.FromSeconds(12));
        await check.CheckAsync();

        var explanation = CheckExplainer.Explain(check, served: true, _time.GetUtcNow(), full: true);

        Assert.Equal("ok", explanation.State);
        Assert.Contains("failing results for 18 s more switch it to FAIL", explanation.WouldChange);
        Assert.Contains(explanation.Inputs, i => i.Name == "disagreeing" && i.Value == "2 failing results in a row" && i.At == runStart);
    }

    [Fact]
    public async Task Explain_ToggleLatched_SaysItWaitsForToOk()
    {
        var toFail = new ScriptedCheck(CheckStatus.Fail);
        await using var check = new NamedCheck("db", new Toggle(toFail, new ScriptedCheck(CheckStatus.Fail)), _time);
        await check.CheckAsync();

        var explanation = CheckExplainer.Explain(check, served: true, _time.GetUtcNow(), full: true);

        Assert.Equal("fail", explanation.State);
        Assert.StartsWith("toggle latched FAIL", explanation.Rule, StringComparison.Ordinal);
        Assert.Contains(explanation.Inputs, i => i is { Name: "toggle", Value: "latched FAIL: asks its to_ok check" });
    }

    [Fact]
    public async Task Explain_PlainCheck_LastResultAndTransition_DetailOnlyWhenFull()
    {
        var inner = new ScriptedCheck();
        await using var check = new NamedCheck("tcp", inner, _time);
        await check.CheckAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        inner.Healthy = false;
        await check.CheckAsync();

        var full = CheckExplainer.Explain(check, served: false, _time.GetUtcNow(), full: true);
        var redacted = CheckExplainer.Explain(check, served: false, _time.GetUtcNow(), full: false);

        Assert.Equal("fail: its last result", full.Rule);
        Assert.Contains(full.Inputs, i => i is { Name: "last result", Value: "fail: scripted Fail" });
        Assert.Contains(full.Inputs, i => i.Name == "last change" && i.Value.StartsWith("ok -> fail", StringComparison.Ordinal));
        Assert.Contains(full.Inputs, i => i.Name == "served");
        Assert.DoesNotContain(redacted.Inputs, i => i.Value.Contains("scripted", StringComparison.Ordinal));
    }
}
