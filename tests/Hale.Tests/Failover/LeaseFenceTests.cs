using System.Collections.Concurrent;
using System.Text;
using Hale.Failover;
using Hale.Processes;
using Hale.Testing;
using Hale.Tests.LoadBalancers;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Failover;

public sealed class LeaseFenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-fence-").FullName;
    private readonly ListLogger _logger = new();
    private readonly ConcurrentQueue<string> _reports = new();

    public LeaseFenceTests()
    {
        Owner = _dir;
        Marker = Path.Combine(_dir, "fenced");
    }

    private string Owner { get; }

    private string Marker { get; }

    /// <summary>A fence command that counts its runs in the marker file.</summary>
    private string FenceCommand => $"echo ran >> '{Marker}'; echo fence command output";

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Start_Fence_LeadsItsOwnSessionAndCarriesTheOwnerMarker()
    {
        await using var fence = Start();
        // Start returns once setsid(1) leads its session, maybe before it has exec'd bash: during that exec the environment
        // cannot be read, and the scan of /proc below would miss the fence.
        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(fence.Pid)?.StartsWith("/bin/bash -c", StringComparison.Ordinal) == true));

        // A SIGSTOP to the test's (Hale's) process group cannot reach a process in another group and session.
        Assert.True(ProcessTable.TryReadStat(fence.Pid, out var state, out var group, out var session));
        Assert.NotEqual('Z', state);
        Assert.Equal((fence.Pid, fence.Pid), (group, session));
        Assert.True(ProcessTable.TryReadStat(Environment.ProcessId, out _, out var testGroup, out var testSession));
        Assert.NotEqual(testGroup, group);
        Assert.NotEqual(testSession, session);
        var environ = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{fence.Pid}/environ")).Split('\0');
        Assert.Contains($"{ProcessSpec.OwnerVariable}={Owner}", environ);
        Assert.Contains($"{LeaseFence.CommandVariable}={FenceCommand}", environ);
        Assert.Equal([fence.Pid], OwnedLeftovers.Under(_dir));
        Assert.False(fence.HasExited);
    }

    [Fact]
    public async Task Start_AsRootOrNot_NiceMinusTenWherePermittedElseHales()
    {
        await using var fence = Start();

        // Field 19 of /proc/PID/stat (after the command name) is the nice value.
        static int NiceOf(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
        }

        var root = Environment.UserName == "root";
        Assert.Equal(root ? FenceProcess.Nice : NiceOf(Environment.ProcessId), NiceOf(fence.Pid));
    }

    [Fact]
    public async Task Start_ChildStartedLater_DoesNotHoldTheFencesPipe()
    {
        await using var fence = Start();
        var pipe = new FileInfo($"/proc/{fence.Pid}/fd/0").LinkTarget;
        Assert.StartsWith("pipe:", pipe, StringComparison.Ordinal);

        // Were the write end inherited by a service started afterwards, a killed Hale would not close it: the fence would never see EOF.
        await using var child = OwnedProcess.Start(Shell("exec sleep 1000", Owner), null, TimeProvider.System);

        Assert.Contains(pipe, FileDescriptorTargets(Environment.ProcessId));
        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(child.Pid) == "sleep 1000"));
        Assert.DoesNotContain(pipe, FileDescriptorTargets(child.Pid));
    }

    [Fact]
    public async Task Arm_RenewedBeforeEachDeadline_ServiceGroupStaysAlive()
    {
        await using var service = await FencedServiceGroup.StartAsync(Owner);
        await using var fence = Start();

        // 20 renewals 100 ms apart, each giving 3 s: a renewal is never late, even on a loaded machine.
        for (var i = 0; i < 20; i++)
        {
            Assert.True(fence.Arm(TimeSpan.FromSeconds(3), service.Group));
            await Task.Delay(100);
        }

        Assert.True(fence.Disarm());
        Assert.True(service.AllAlive);
        Assert.Empty(_reports);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public async Task Arm_NotRenewed_KillsTheWholeGroupAndRunsTheFenceCommand()
    {
        await using var service = await FencedServiceGroup.StartAsync(Owner);
        await using var fence = Start();

        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(300), service.Group));

        Assert.True(await EventuallyAsync(() => !service.AnyAlive), "the service group outlived the lease");
        var report = await NextReportAsync();

        // The milliseconds are what was left when the arm was written: at most 300.
        Assert.Matches($@"^lease not renewed for [0-9]+ ms: killed process group {service.Group}, killed 0 marked processes, fence command exited 0$", report);
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(Marker));
        Assert.True(await EventuallyAsync(() => Logged(2201, "fence command output")));
        Assert.Contains(_logger.Entries, e => e.EventId == 2200 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains(report, StringComparison.Ordinal));
        Assert.False(fence.HasExited);
    }

    [Fact]
    public async Task Arm_NotRenewed_KillsProcessesCarryingItsMarkerOutsideTheGroup()
    {
        await using var fence = Start();

        // Started with the fence's marker, in a session of its own, and never named to the fence (no process group given):
        // a service started after the last arm, or a daemon that left its group, is still found.
        await using var service = await FencedServiceGroup.StartAsync(Owner, fence.Marker);
        await using var unmarked = await FencedServiceGroup.StartAsync(Owner);
        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(200), processGroup: null));

        Assert.True(await EventuallyAsync(() => !service.AnyAlive), "a marked process outlived the lease");
        Assert.Matches("^lease not renewed for [0-9]+ ms: no process group, killed 2 marked processes, fence command exited 0$", await NextReportAsync());
        Assert.True(unmarked.AllAlive);
        Assert.False(fence.HasExited);
    }

    [Fact]
    public async Task Arm_NotRenewed_MarkedProcessForkingAsItIsKilled_NoChildSurvives()
    {
        await using var fence = Start();
        // A marked service in a session of its own that forks marked children as fast as it can (300 at most): a child forked
        // after the fence has listed /proc and before it has killed the parent is found by the next listing.
        using var forker = FencedServiceGroup.StartShell("i=0; while [ $i -lt 300 ]; do sleep 1000 & i=$((i + 1)); done; wait", Owner, fence.Marker);
        try
        {
            Assert.True(await EventuallyAsync(() => ProcessTable.FindByEnvironment(LeaseFence.MarkerVariable, fence.Marker).Count >= 5));

            Assert.True(fence.Arm(TimeSpan.Zero, processGroup: null));

            Assert.Matches("^lease not renewed for 0 ms: no process group, killed [0-9]+ marked processes, fence command exited 0$", await NextReportAsync());
            await forker.WaitForExitAsync().WaitAsync(Patience);
            Assert.True(
                await EventuallyAsync(() => ProcessTable.FindByEnvironment(LeaseFence.MarkerVariable, fence.Marker).Count == 0),
                $"marked processes outlived the fence: {string.Join(' ', ProcessTable.FindByEnvironment(LeaseFence.MarkerVariable, fence.Marker))}");
        }
        finally
        {
            NativeMethods.KillProcessGroup(forker.Id, NativeMethods.SIGKILL);
        }
    }

    [Fact]
    public async Task Disarm_BeforeTheDeadline_NothingFiresAfterIt()
    {
        await using var service = await FencedServiceGroup.StartAsync(Owner);
        await using var fence = Start();
        Assert.True(fence.Arm(TimeSpan.FromSeconds(1), service.Group));

        Assert.True(fence.Disarm());
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.True(service.AllAlive);
        Assert.Empty(_reports);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public async Task DisposeAsync_WhileArmed_DisarmsFirstSoNothingFires()
    {
        await using var service = await FencedServiceGroup.StartAsync(Owner);
        var fence = Start();
        var pid = fence.Pid;
        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(500), service.Group));

        await fence.DisposeAsync();

        Assert.True(await ProcessWaits.GoneAsync(pid));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(service.AllAlive);
        Assert.Empty(_reports);
        Assert.False(File.Exists(Marker));
        Assert.False(fence.Arm(TimeSpan.FromSeconds(1), service.Group));
        Assert.DoesNotContain(_logger.Entries, e => e.EventId == 2202);
    }

    [Fact]
    public async Task AbandonAsync_WhileArmed_FiresAtOnceAsAtHalesDeath()
    {
        await using var service = await FencedServiceGroup.StartAsync(Owner);
        var fence = Start();
        var pid = fence.Pid;
        Assert.True(fence.Arm(TimeSpan.FromMinutes(10), service.Group));

        // Hale's end of the pipe closes without a disarm, as when the kernel closes a killed Hale's descriptors.
        await fence.AbandonAsync();

        Assert.True(await EventuallyAsync(() => !service.AnyAlive), "the service group outlived Hale");
        Assert.Equal(
            $"Hale went away (its pipe closed while armed): killed process group {service.Group}, killed 0 marked processes, fence command exited 0", await NextReportAsync());
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(Marker));
        Assert.True(await ProcessWaits.GoneAsync(pid));
    }

    [Fact]
    public async Task AbandonAsync_WhileDisarmed_ExitsWithoutFiring()
    {
        var fence = Start();
        var pid = fence.Pid;

        await fence.AbandonAsync();

        Assert.True(await ProcessWaits.GoneAsync(pid));
        Assert.Empty(_reports);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-250)]
    public async Task Arm_NoTimeLeft_FiresAtOnce(int milliseconds)
    {
        await using var service = await FencedServiceGroup.StartAsync(Owner);
        await using var fence = Start();

        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(milliseconds), service.Group));

        Assert.True(await EventuallyAsync(() => !service.AnyAlive));
        Assert.Equal($"lease not renewed for 0 ms: killed process group {service.Group}, killed 0 marked processes, fence command exited 0", await NextReportAsync());
    }

    [Fact]
    public async Task Arm_AfterFiring_ArmsAgainAndFiresAgain()
    {
        await using var fence = Start();
        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(100), processGroup: null));
        Assert.Matches("^lease not renewed for [0-9]+ ms: no process group, killed 0 marked processes, fence command exited 0$", await NextReportAsync());

        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(100), processGroup: 0));

        Assert.Matches("^lease not renewed for [0-9]+ ms: no process group, killed 0 marked processes, fence command exited 0$", await NextReportAsync());
        Assert.Equal(["ran", "ran"], await File.ReadAllLinesAsync(Marker));
    }

    [Fact]
    public async Task Arm_FenceKilled_LoggedOnceAndStartedAgain()
    {
        await using var fence = Start();
        var first = fence.Pid;
        Assert.True(NativeMethods.KillProcess(first, NativeMethods.SIGKILL));
        Assert.True(await EventuallyAsync(() => fence.HasExited));
        Assert.True(await EventuallyAsync(() => Logged(2202, "killed by SIGKILL")));

        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(100), processGroup: null));

        Assert.NotEqual(first, fence.Pid);
        Assert.False(fence.HasExited);
        Assert.StartsWith("lease not renewed for ", await NextReportAsync(), StringComparison.Ordinal);
        Assert.Single(_logger.Entries, e => e.EventId == 2202);
    }

    [Fact]
    public async Task Arm_NoFenceCommand_ReportsTheKillOnly()
    {
        await using var fence = Start(withCommand: false);
        Assert.True(fence.Arm(TimeSpan.FromMilliseconds(100), processGroup: null));

        Assert.Matches("^lease not renewed for [0-9]+ ms: no process group, killed 0 marked processes$", await NextReportAsync());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task Arm_ProcessGroupNotAGroup_Throws(int processGroup)
    {
        await using var fence = Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => fence.Arm(TimeSpan.FromSeconds(1), processGroup));
    }

    [Fact]
    public void Format_ArmCountedDownFromTheArmTime_DisarmAsIs()
    {
        var time = new ManualTimeProvider();
        var arm = new FenceMessage(TimeSpan.FromMilliseconds(1500), time.GetTimestamp(), 4242);

        time.Advance(TimeSpan.FromMilliseconds(400.7));
        Assert.Equal("arm 1099 4242\n", FenceProcess.Format(arm, time));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("arm 0 4242\n", FenceProcess.Format(arm, time));
        Assert.Equal("disarm\n", FenceProcess.Format(FenceMessage.Disarm, time));
        Assert.Equal($"arm {int.MaxValue} 0\n", FenceProcess.Format(new FenceMessage(TimeSpan.FromDays(100), time.GetTimestamp(), 0), time));
    }

    private LeaseFence Start(bool withCommand = true) =>
        LeaseFence.Start("db", withCommand ? FenceCommand : null, Owner, _logger, _reports.Enqueue);

    private async Task<string> NextReportAsync()
    {
        string? report = null;
        Assert.True(await EventuallyAsync(() => _reports.TryDequeue(out report)), "the fence did not report");
        return report!;
    }

    private static IReadOnlyList<string> FileDescriptorTargets(int pid) =>
        [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? string.Empty)];

    private bool Logged(int eventId, string text) =>
        _logger.Entries.Any(e => e.EventId == eventId && e.Message.Contains(text, StringComparison.Ordinal));
}
