using System.Text.Json;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>
/// The real <c>hale run</c> with real children, driven like supervisorctl and monit: <c>hale ctl</c> waits for the outcome and
/// prints it per service (exit 1 when any failed), <c>hale explain</c> says why a service is held and how to end it,
/// <c>hale status --json</c> and <c>hale summary</c>.
/// </summary>
public sealed class CtlProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Unique command lines: other test classes kill their leftovers by command line, and must not hit ours.
    private readonly string _child = $"sleep 3600 0.{Random.Shared.Next(100_000, 1_000_000)}";
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-ctl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ctl_StartStopUnknownAndAlreadyStarted_WaitsAndSaysOutcomePerService()
    {
        var config = Write();
        using var hale = await StartAsync(config);

        var (startCode, startOut, startErr) = await HaleProcess.RunAsync("ctl", "start", "ok", "-c", config);
        var ready = await ServiceAsync(config, "ok");
        var (againCode, againOut, _) = await HaleProcess.RunAsync("ctl", "start", "nope", "ok", "-c", config);
        var (stopCode, stopOut, _) = await HaleProcess.RunAsync("ctl", "stop", "ok", "-c", config);
        var stopped = await ServiceAsync(config, "ok");

        Assert.True(startCode == 0, startOut + startErr);
        Assert.Equal("ok: started", startOut.Trim());
        Assert.Contains(ready.GetProperty("state").GetString(), new[] { "running", "ready" });
        Assert.Equal(1, againCode);
        Assert.Equal(["nope: ERROR (no such service)", "ok: ERROR (already started)"], Lines(againOut));
        Assert.Equal((0, "ok: stopped"), (stopCode, stopOut.Trim()));
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        await StopAsync(hale);
    }

    [Fact]
    public async Task Ctl_StartAllOneFailsThenHeld_ErrorExit1_ExplainSaysRuleAndRemedy_ResetClearsIt()
    {
        var config = Write();
        using var hale = await StartAsync(config);

        var (allCode, allOut, allErr) = await HaleProcess.RunAsync("ctl", "start", "all", "-c", config);
        await WaitUntilAsync(async () => (await ServiceAsync(config, "bad")).GetProperty("state").GetString() == "fatal");
        var (explainCode, explained, explainErr) = await HaleProcess.RunAsync("explain", "bad", "-c", config);
        var (heldCode, heldOut, _) = await HaleProcess.RunAsync("ctl", "start", "bad", "-c", config);
        var (resetCode, resetOut, _) = await HaleProcess.RunAsync("ctl", "reset", "bad", "-c", config);
        var (stopCode, stopOut, _) = await HaleProcess.RunAsync("ctl", "stop", "all", "-c", config);

        Assert.Equal(1, allCode);
        Assert.Contains("ok: started", Lines(allOut));
        Assert.Contains("bad: ERROR (exited: exit 3)", Lines(allOut));
        Assert.Equal(2, Lines(allOut).Length);
        Assert.True(explainCode == 0, explained + explainErr);
        Assert.StartsWith("service bad: fatal for ", explained, StringComparison.Ordinal);
        Assert.Matches(@"\n  why: held: 2 starts within 60 s \(limit 2\), last exit 3 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n", explained);
        Assert.Matches(@"\n  starts in window: +2 of 2 within 60 s\n", explained);
        Assert.Contains("    - `hale ctl reset bad` (clears the hold and the backoff, and starts it)\n", explained, StringComparison.Ordinal);
        Assert.Matches(@"\n    - wait 9m\d\ds: the hold ends at ", explained);
        Assert.Equal(1, heldCode);
        Assert.Equal("bad: ERROR (held: too many starts; `hale ctl reset bad` clears the hold)", heldOut.Trim());
        Assert.Equal((0, "bad: reset"), (resetCode, resetOut.Trim()));
        Assert.Equal(0, stopCode);
        Assert.Equal(["bad: stopped", "ok: stopped"], Lines(stopOut).Order(StringComparer.Ordinal));
        await StopAsync(hale);
    }

    [Fact]
    public async Task StatusJsonAndSummary_ListEveryServiceAndCheck()
    {
        var config = Write();
        using var hale = await StartAsync(config);
        await HaleProcess.RunAsync("ctl", "start", "ok", "-c", config);

        var (jsonCode, json, jsonErr) = await HaleProcess.RunAsync("status", "--json", "-c", config);
        var (summaryCode, summary, _) = await HaleProcess.RunAsync("summary", "-c", config);
        var (missingCode, _, missingErr) = await HaleProcess.RunAsync("explain", "nope", "-c", config);

        Assert.True(jsonCode == 0, jsonErr);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(["ok", "bad"], document.RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("always", document.RootElement.GetProperty("checks")[0].GetProperty("name").GetString());
        Assert.Equal(0, summaryCode);
        Assert.Matches(@"^Service Name +Status +Type\n", summary);
        Assert.Matches(@"\nok +(OK|Running \(not ready\)) +Service\n", summary);
        Assert.Matches(@"\nbad +Stopped \(not wanted\) +Service\n", summary);
        Assert.Matches(@"\nalways +(Ok|Unknown) +Check\n", summary);
        Assert.Equal(1, missingCode);
        Assert.Contains("no service, check, action, server or group named 'nope'", missingErr, StringComparison.Ordinal);
        await StopAsync(hale);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<HaleProcess> StartAsync(string config)
    {
        var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Serving ", Patience);
        return hale;
    }

    private static async Task StopAsync(HaleProcess hale)
    {
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Patience));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "condition not met in time");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }
    }

    private static async Task<JsonElement> ServiceAsync(string config, string name)
    {
        var (code, json, stderr) = await HaleProcess.RunAsync("status", "--json", "-c", config);
        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).Clone();
    }

    private string Write()
    {
        var path = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(path, $$"""
            http: { listen: "127.0.0.1:{{Loopback.FreePort()}}" }
            state_dir: ./state
            checks:
              always: { command: "true" }
            services:
              ok:
                run: "exec {{_child}}"
                autostart: false
                restart: { start_window: 200ms }
              bad:
                run: "exit 3"
                autostart: false
                restart: { start_window: 1s, backoff: { initial: 100ms, max: 100ms }, limit: { starts: 2, within: 1m, then: hold 10m } }
            """);
        return path;
    }
}
