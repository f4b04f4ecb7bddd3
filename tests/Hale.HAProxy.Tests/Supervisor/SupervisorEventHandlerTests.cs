using Hale.HAProxy.Supervisor;
using Hale.Testing;

namespace Hale.HAProxy.Tests.Supervisor;

public sealed class SupervisorEventHandlerTests
{
    private const string Received = " Received PROCESS_STATE_EXITED (from RUNNING) for instance2, sending MAINT for plone04/plone0402.\n";
    private const string Refused = "ERROR: connection to HaProxy stats socket refused\n";
    private const string SkipStart = "WARNING: too many connections were refused, therefore this and all future events will be skipped unhandled for the next 60 seconds.\n";
    private const string SkipContinue = "WARNING: skipping event handling because too many connections were refused previously.\n";
    private const string Resume = "WARNING: resuming event handling.\n";

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2016, 1, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly RecordingRuntime _runtime = new();
    private readonly StringWriter _log = new();
    private readonly SupervisorEventHandler _handler;

    public SupervisorEventHandlerTests()
    {
        _handler = new SupervisorEventHandler([ListenerRun.Instance1, ListenerRun.Instance2], _runtime, _clock, _log);
    }

    [Fact]
    public async Task HandleAsync_RefusedFourTimes_FailsThenSkipsForSixtySecondsThenResumes()
    {
        _runtime.Failure = RecordingRuntime.Refused();

        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((true, Received + SkipStart), await HandleAsync());
        Assert.Equal((true, Received + SkipContinue), await HandleAsync());
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal((true, Received + SkipContinue), await HandleAsync());

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((false, Received + Resume + Refused), await HandleAsync());
        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((true, Received + SkipStart), await HandleAsync());
        Assert.Equal((true, Received + SkipContinue), await HandleAsync());
    }

    [Fact]
    public async Task HandleAsync_SuccessAfterRefusals_ResetsTheCounter()
    {
        _runtime.Failure = RecordingRuntime.Refused();
        for (var i = 0; i < 4; i++)
        {
            await HandleAsync();
        }

        _runtime.Failure = null;
        Assert.Equal((true, Received), await HandleAsync());
        _runtime.Failure = RecordingRuntime.Refused();

        Assert.Equal((false, Received + Refused), await HandleAsync());
    }

    [Fact]
    public async Task HandleAsync_ResumeWhenHAProxyIsBack_SetsTheState()
    {
        _runtime.Failure = RecordingRuntime.Refused();
        for (var i = 0; i < 5; i++)
        {
            await HandleAsync();
        }

        _runtime.Failure = null;
        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal((true, Received + Resume), await HandleAsync());
        Assert.Equal(["plone04/plone0402 MAINT"], _runtime.Calls);
    }

    [Fact]
    public async Task HandleAsync_OtherErrors_FailWithoutCountingAsRefused()
    {
        _runtime.Failure = RecordingRuntime.Refused();
        for (var i = 0; i < 3; i++)
        {
            await HandleAsync();
        }

        _runtime.Failure = new InvalidOperationException("boom");
        Assert.Equal((false, Received + "ERROR: boom\n"), await HandleAsync());
        Assert.Equal((false, Received + "ERROR: boom\n"), await HandleAsync());
        _runtime.Failure = RecordingRuntime.Refused();

        Assert.Equal((false, Received + Refused), await HandleAsync());
        Assert.Equal((true, Received + SkipStart), await HandleAsync());
    }

    [Fact]
    public void IsoLocalTime_WithMicroseconds_PrintsThemLikePython()
    {
        var time = new DateTimeOffset(2016, 9, 14, 10, 45, 30, TimeSpan.Zero).AddTicks(1234567);

        Assert.Equal("2016-09-14T10:45:30.123456", SupervisorEventHandler.IsoLocalTime(time));
    }

    private async Task<(bool Ok, string Log)> HandleAsync()
    {
        var headers = new Dictionary<string, string> { ["eventname"] = "PROCESS_STATE_EXITED" };
        var ok = await _handler.HandleAsync(new SupervisorEvent(string.Empty, headers, "expected:1 processname:instance2 groupname:bar from_state:RUNNING pid:1", null), CancellationToken.None);
        var log = _log.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        _log.GetStringBuilder().Clear();
        return (ok, log[log.IndexOf(' ', StringComparison.Ordinal)..]);
    }
}
