using Hale.Actions;
using Hale.Checks;
using Hale.Testing;

namespace Hale.Tests.Actions;

public sealed class ActionLoopTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-actionloop-").FullName;
    private readonly ManualTimeProvider _clock = new();
    private readonly List<ActionCycle> _cycles = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private int CyclesOf(string action)
    {
        lock (_cycles)
        {
            return _cycles.Count(c => c.Action == action);
        }
    }

    private void Record(ActionCycle cycle)
    {
        lock (_cycles)
        {
            _cycles.Add(cycle);
        }
    }

    private ActionRunner Runner(string name, ICheck? when = null, params string[] promote) => new(
        new ActionDefinition { Name = name, When = when is null ? [] : [when], Promote = promote, Repeat = ActionRepeat.EveryCycle },
        _clock);

    [Fact]
    public async Task Start_RunsACycleAtStartThenEveryInterval()
    {
        var check = new ScriptedCheck();
        await using var loop = new ActionLoop([Runner("a", check)], Interval, _clock, Record);

        loop.Start();
        var atStart = CyclesOf("a");
        _clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        var beforeInterval = CyclesOf("a");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var atInterval = CyclesOf("a");
        _clock.Advance(3 * Interval);

        Assert.Equal([1, 1, 2, 5], new[] { atStart, beforeInterval, atInterval, CyclesOf("a") });
        Assert.Equal(5, check.Calls);
    }

    [Fact]
    public async Task Trigger_WhileIdle_RunsAtOnceAndNextCycleIsIntervalLater()
    {
        await using var loop = new ActionLoop([Runner("a")], Interval, _clock, Record);
        loop.Start();
        _clock.Advance(TimeSpan.FromSeconds(20));

        loop.Trigger();
        var afterTrigger = CyclesOf("a");
        _clock.Advance(TimeSpan.FromSeconds(40));
        var atOldSchedule = CyclesOf("a");
        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal([2, 2, 3], new[] { afterTrigger, atOldSchedule, CyclesOf("a") });
    }

    [Fact]
    public async Task Trigger_BeforeStart_IsIgnored()
    {
        await using var loop = new ActionLoop([Runner("a")], Interval, _clock, Record);

        loop.Trigger();
        _clock.Advance(10 * Interval);

        Assert.Equal(0, CyclesOf("a"));
    }

    [Fact]
    public async Task Trigger_SeveralDuringACycle_CoalesceIntoOneMoreCycle()
    {
        var gate = new GatedCheck();
        await using var loop = new ActionLoop([Runner("a", gate)], Interval, _clock, Record);
        loop.Start();
        Assert.Equal(1, gate.Started);

        loop.Trigger();
        loop.Trigger();
        loop.Trigger();
        gate.Open(CheckResult.Ok());
        await Eventually.TrueAsync(() => CyclesOf("a") == 2, "the coalesced cycle");
        await Task.Delay(200);

        Assert.Equal(2, CyclesOf("a"));
        Assert.Equal(2, gate.Started);
        _clock.Advance(Interval);
        Assert.Equal(3, CyclesOf("a"));
    }

    [Fact]
    public async Task Cycles_NeverOverlap_WhenACycleOutlastsTheInterval()
    {
        var gate = new GatedCheck();
        await using var loop = new ActionLoop([Runner("a", gate)], Interval, _clock, Record);
        loop.Start();

        _clock.Advance(10 * Interval);
        var startedWhileBlocked = gate.Started;
        gate.Open(CheckResult.Ok());
        await Eventually.TrueAsync(() => CyclesOf("a") == 2, "the overdue cycle right after the long one");
        await Task.Delay(200);

        Assert.Equal(1, startedWhileBlocked);
        Assert.Equal(2, CyclesOf("a"));
        Assert.Equal(1, _clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Actions_AreIndependent_ABlockedActionDelaysNoOther()
    {
        var gate = new GatedCheck();
        await using var loop = new ActionLoop([Runner("blocked", gate), Runner("free")], Interval, _clock, Record);
        loop.Start();

        _clock.Advance(Interval);
        _clock.Advance(Interval);

        Assert.Equal(0, CyclesOf("blocked"));
        Assert.Equal(1, gate.Started);
        Assert.Equal(3, CyclesOf("free"));
        gate.Open(CheckResult.Ok());
    }

    [Fact]
    public async Task Start_RealCommands_RunInTheLoop()
    {
        var log = Path.Combine(_dir, "log");
        await using var loop = new ActionLoop([Runner("a", null, $"echo cycle >> {log}")], TimeSpan.FromHours(1), _clock, Record);

        loop.Start();
        await Eventually.TrueAsync(() => CyclesOf("a") == 1, "the first cycle");
        loop.Trigger();
        await Eventually.TrueAsync(() => CyclesOf("a") == 2, "the triggered cycle");

        Assert.Equal(["cycle", "cycle"], File.ReadAllLines(log));
        Assert.All(_cycles, c => Assert.True(c.Succeeded));
    }

    [Fact]
    public async Task DisposeAsync_CancelsTheRunningCommandAndStops()
    {
        var pidFile = Path.Combine(_dir, "pid");
        var loop = new ActionLoop([Runner("a", null, $"echo $$ > {pidFile}; exec sleep 30")], Interval, _clock, Record);
        loop.Start();
        await Eventually.TrueAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the command to start");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await loop.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        _clock.Advance(10 * Interval);
        loop.Trigger();

        Assert.True(await Eventually.ProcessGoneAsync(pid), $"command {pid} still alive");
        Assert.Equal(0, CyclesOf("a"));
    }

    [Fact]
    public async Task Cycle_CallbackThrows_ReportedAndTheLoopGoesOn()
    {
        var errors = new List<(string, Exception)>();
        var runner = new ActionRunner(
            new ActionDefinition { Name = "a", Promote = ["true"], Repeat = ActionRepeat.EveryCycle },
            _clock,
            _ => throw new InvalidOperationException("logger broke"));
        await using var loop = new ActionLoop([runner], TimeSpan.FromHours(1), _clock, Record, (name, ex) =>
        {
            lock (errors)
            {
                errors.Add((name, ex));
            }
        });

        loop.Start();
        await Eventually.TrueAsync(() => { lock (errors) { return errors.Count == 1; } }, "the first error");
        loop.Trigger();
        await Eventually.TrueAsync(() => { lock (errors) { return errors.Count == 2; } }, "the second error");

        Assert.All(errors, e => Assert.Equal(("a", "logger broke"), (e.Item1, e.Item2.Message)));
        Assert.Equal(0, CyclesOf("a"));
    }

    [Fact]
    public void Constructor_NonPositiveInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActionLoop([], TimeSpan.Zero, _clock));
    }
}
