using Hale.LoadBalancers;

namespace Hale.HAProxy.Tests.Supervisor;

public sealed class SupervisorHAProxyListenerTests
{
    private const string Exited = "expected:1 processname:instance2 groupname:bar from_state:RUNNING pid:1";

    [Fact]
    public async Task RunAsync_ExitedOfWatchedProgram_SendsMaintAndLogsLocalTime()
    {
        var run = new ListenerRun();

        var (stdout, stderr) = await run.RunAsync("eventname:PROCESS_STATE_EXITED", Exited);

        Assert.Equal("RESULT 2\nOK", stdout);
        Assert.Equal("2016-09-14T10:45:30 Received PROCESS_STATE_EXITED (from RUNNING) for instance2, sending MAINT for plone04/plone0402.\n", stderr);
        Assert.Equal(["plone04/plone0402 MAINT"], run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_ExitedOfUnwatchedProgram_AnswersOkSilently()
    {
        var run = new ListenerRun { Programs = [ListenerRun.Instance1] };

        var (stdout, stderr) = await run.RunAsync("eventname:PROCESS_STATE_EXITED", Exited);

        Assert.Equal("RESULT 2\nOK", stdout);
        Assert.Equal(string.Empty, stderr);
        Assert.Empty(run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_Tick60_IsIgnored()
    {
        var run = new ListenerRun();

        var (stdout, stderr) = await run.RunAsync("eventname:TICK_60", "when:1201063880");

        Assert.Equal("RESULT 2\nOK", stdout);
        Assert.Equal(string.Empty, stderr);
        Assert.Empty(run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_StartupProcedure_MapsEveryState()
    {
        var run = new ListenerRun { Programs = [ListenerRun.Instance1] };
        (string Event, string Expected)[] steps =
        [
            ("STARTING", "MAINT"), ("BACKOFF", "MAINT"), ("STARTING", "MAINT"), ("RUNNING", "READY"), ("STOPPING", "DRAIN"),
            ("STOPPED", "MAINT"), ("STARTING", "MAINT"), ("RUNNING", "READY"), ("EXITED", "MAINT"), ("FATAL", "MAINT"), ("UNKNOWN", "MAINT"),
        ];

        foreach (var (name, expected) in steps)
        {
            var (stdout, _) = await run.RunAsync($"eventname:PROCESS_STATE_{name}", "expected:1 processname:instance1 groupname:bar pid:1");

            Assert.Equal("RESULT 2\nOK", stdout);
            Assert.Equal([$"plone04/plone0401 {expected}"], run.Runtime.PopCalls());
        }
    }

    [Fact]
    public async Task RunAsync_NoFromState_LogsQuestionMark()
    {
        var run = new ListenerRun { Programs = [ListenerRun.Instance1] };

        var (_, stderr) = await run.RunAsync("eventname:PROCESS_STATE_RUNNING", "processname:instance1 groupname:bar pid:1");

        Assert.Contains("Received PROCESS_STATE_RUNNING (from ?) for instance1, sending READY for plone04/plone0401.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_AnswersFailWithError()
    {
        var run = new ListenerRun();
        run.Runtime.Failure = RecordingRuntime.Refused();

        var (stdout, stderr) = await run.RunAsync("eventname:PROCESS_STATE_EXITED", Exited);

        Assert.Equal("RESULT 4\nFAIL", stdout);
        Assert.Equal(
            "2016-09-14T10:45:30 Received PROCESS_STATE_EXITED (from RUNNING) for instance2, sending MAINT for plone04/plone0402.\n"
            + "ERROR: connection to HaProxy stats socket refused\n",
            stderr);
    }

    [Fact]
    public async Task RunAsync_HAProxyErrorReply_WarnsAndAnswersOk()
    {
        var run = new ListenerRun();
        run.Runtime.Failure = new LoadBalancerException("No such server.");

        var (stdout, stderr) = await run.RunAsync("eventname:PROCESS_STATE_EXITED", Exited);

        Assert.Equal("RESULT 2\nOK", stdout);
        Assert.EndsWith("WARNING: HaProxy answered 'No such server.' to 'set server plone04/plone0402 state maint'.\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_AnswersFailWithDescription()
    {
        var run = new ListenerRun();
        run.Runtime.Failure = new LoadBalancerException("HAProxy at tcp://127.0.0.1:9 did not answer within 5 s") { Unreachable = true };

        var (stdout, stderr) = await run.RunAsync("eventname:PROCESS_STATE_EXITED", Exited);

        Assert.Equal("RESULT 4\nFAIL", stdout);
        Assert.EndsWith("ERROR: HAProxy at tcp://127.0.0.1:9 did not answer within 5 s\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SeveralEvents_AnswersEachAfterReady()
    {
        var run = new ListenerRun();
        var stdin = ListenerRun.Event("ver:3.0 eventname:SUPERVISOR_STATE_CHANGE_RUNNING", string.Empty)
            + ListenerRun.Event("ver:3.0 eventname:PROCESS_STATE_RUNNING", "processname:instance1 groupname:instance1 from_state:STARTING pid:21980")
            + ListenerRun.Event("ver:3.0 eventname:PROCESS_STATE_STOPPING", "processname:instance2 groupname:instance2 from_state:RUNNING pid:21981");

        var (stdout, _) = await run.RunRawAsync(stdin);

        Assert.Equal("READY\nRESULT 2\nOKREADY\nRESULT 2\nOKREADY\nRESULT 2\nOKREADY\n", stdout);
        Assert.Equal(["plone04/plone0401 READY", "plone04/plone0402 DRAIN"], run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_EmptyInput_ExitsAfterReady()
    {
        var (stdout, stderr) = await new ListenerRun().RunRawAsync(string.Empty);

        Assert.Equal("READY\n", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Theory]
    [InlineData("ver:3.0 eventname:PROCESS_STATE_RUNNING\n", "no len")]
    [InlineData("eventname:PROCESS_STATE_RUNNING bogus len:0\n", "token 'bogus' is not key:value")]
    [InlineData("eventname:PROCESS_STATE_RUNNING len:abc\n", "len 'abc' is not a number")]
    [InlineData("eventname:PROCESS_STATE_RUNNING len:-3\n", "len '-3' is not a number")]
    [InlineData("eventname:PROCESS_STATE_RUNNING len:99999999999999999999\n", "is not a number")]
    [InlineData("\n", "no len")]
    public async Task RunAsync_MalformedHeader_LogsAndAnswersFail(string stdin, string why)
    {
        var run = new ListenerRun();

        var (stdout, stderr) = await run.RunRawAsync(stdin);

        Assert.Equal("READY\nRESULT 4\nFAILREADY\n", stdout);
        Assert.StartsWith("ERROR: malformed event header ", stderr, StringComparison.Ordinal);
        Assert.Contains(why, stderr, StringComparison.Ordinal);
        Assert.Empty(run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_TokenWithoutColonButLen_ConsumesPayloadAndStaysInStep()
    {
        var run = new ListenerRun();
        var stdin = "eventname:PROCESS_STATE_RUNNING junk len:5\nhello"
            + ListenerRun.Event("eventname:PROCESS_STATE_RUNNING", "processname:instance1 from_state:STARTING");

        var (stdout, _) = await run.RunRawAsync(stdin);

        Assert.Equal("READY\nRESULT 4\nFAILREADY\nRESULT 2\nOKREADY\n", stdout);
        Assert.Equal(["plone04/plone0401 READY"], run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_ShortPayloadBeforeEof_LogsAndEnds()
    {
        var run = new ListenerRun();

        var (stdout, stderr) = await run.RunRawAsync("eventname:PROCESS_STATE_RUNNING len:50\nprocessname:instance1");

        Assert.Equal("READY\n", stdout);
        Assert.Equal("ERROR: input ended after 21 of 50 payload bytes\n", stderr);
        Assert.Empty(run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_HeaderWithoutLineBreakBeforeEof_LogsAndEnds()
    {
        var (stdout, stderr) = await new ListenerRun().RunRawAsync("ver:3.0 eventname:PROCESS_STATE_RUNNING");

        Assert.Equal("READY\n", stdout);
        Assert.StartsWith("ERROR: input ended inside the header", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PayloadTokenWithoutColon_IsIgnored()
    {
        var run = new ListenerRun();

        var (stdout, _) = await run.RunAsync("eventname:PROCESS_STATE_RUNNING", "oops processname:instance1 from_state:STARTING");

        Assert.Equal("RESULT 2\nOK", stdout);
        Assert.Equal(["plone04/plone0401 READY"], run.Runtime.Calls);
    }

    [Fact]
    public async Task RunAsync_OverlongHeader_AnswersFail()
    {
        var stdin = "eventname:X len:0 pad:" + new string('x', 70_000) + "\n";

        var (stdout, stderr) = await new ListenerRun().RunRawAsync(stdin);

        Assert.Equal("READY\nRESULT 4\nFAILREADY\n", stdout);
        Assert.Contains("header longer than", stderr, StringComparison.Ordinal);
    }
}
