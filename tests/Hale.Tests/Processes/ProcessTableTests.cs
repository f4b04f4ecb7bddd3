using System.Text.RegularExpressions;
using Hale.Processes;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Processes;

public sealed class ProcessTableTests
{
    [Fact]
    public void IsAlive_OwnProcess_True() => Assert.True(ProcessTable.IsAlive(Environment.ProcessId));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void IsAlive_NoSuchPid_False(int pid) => Assert.False(ProcessTable.IsAlive(pid));

    [Fact]
    public async Task IsAlive_Zombie_False()
    {
        var lines = new LineCollector();
        // The shell execs sleep 300, which never reaps the short sleep: it stays a zombie.
        await using var parent = OwnedProcess.Start(Shell("sleep 0.05 & echo $!; exec sleep 300"), lines.Add, TimeProvider.System);
        var zombie = ParsePid((await lines.WaitForAsync(l => l.Stream == OutputStream.Stdout)).Text);

        Assert.True(await EventuallyAsync(() => ProcessTable.TryReadStat(zombie, out var state, out _, out _) && state == 'Z'));
        Assert.True(Directory.Exists($"/proc/{zombie}"));
        Assert.False(ProcessTable.IsAlive(zombie));
    }

    [Fact]
    public async Task CommandLine_Child_ArgumentsSeparatedBySpaces()
    {
        await using var child = OwnedProcess.Start(new ProcessSpec { Argv = ["sleep", "300"], Owner = NewOwner() }, null, TimeProvider.System);

        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(child.Pid) == "sleep 300"));
    }

    [Fact]
    public void CommandLine_NoSuchPid_Null() => Assert.Null(ProcessTable.CommandLine(int.MaxValue));

    [Fact]
    public async Task FindByCommandLine_UniqueMarker_FindsTheChild()
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await using var child = OwnedProcess.Start(
            new ProcessSpec { Argv = [Python, "-c", "import time; time.sleep(300)", marker], Owner = NewOwner() }, null, TimeProvider.System);

        Assert.True(await EventuallyAsync(() => ProcessTable.FindByCommandLine(new Regex(Regex.Escape(marker))).SequenceEqual([child.Pid])));
    }

    [Fact]
    public void FindByCommandLine_PatternOfOwnCommandLine_ExcludesOwnProcess()
    {
        var own = ProcessTable.CommandLine(Environment.ProcessId)!;

        var found = ProcessTable.FindByCommandLine(new Regex("^" + Regex.Escape(own) + "$"));

        Assert.DoesNotContain(Environment.ProcessId, found);
    }

    [Fact]
    public async Task ProcessGroupOf_ChildAndGoneProcess_GroupOrNull()
    {
        await using var child = OwnedProcess.Start(Shell("exec sleep 300"), null, TimeProvider.System);

        Assert.Equal(child.Pid, ProcessTable.ProcessGroupOf(child.Pid));
        Assert.Null(ProcessTable.ProcessGroupOf(int.MaxValue));
    }

    [Fact]
    public async Task KillLeftovers_OrphanedGrandchildren_AreKilled()
    {
        var owner = NewOwner();
        var lines = new LineCollector();
        await using var leader = OwnedProcess.Start(Shell("sleep 300 & echo $!; sleep 300 & echo $!; wait", owner), lines.Add, TimeProvider.System);
        Assert.True(await EventuallyAsync(() => lines.Lines.Count == 2));
        var grandchildren = lines.Lines.Select(l => ParsePid(l.Text)).ToArray();

        // Each grandchild is a fork of the shell until it has exec'd sleep, and its environment is unreadable during the exec: a
        // scan then would miss it. Its command line is sleep's once the exec is over; from then on the scan finds it.
        Assert.True(await EventuallyAsync(() => grandchildren.All(pid => ProcessTable.CommandLine(pid) == "sleep 300")));
        Assert.True(await EventuallyAsync(() => grandchildren.All(ProcessTable.FindByEnvironment(ProcessSpec.OwnerVariable, owner).Contains)));

        // As if Hale had been SIGKILLed: the leader dies, its children are orphans still in its group.
        Assert.True(NativeMethods.KillProcess(leader.Pid, NativeMethods.SIGKILL));
        await leader.Exited.WaitAsync(Patience);
        Assert.All(grandchildren, pid => Assert.True(ProcessTable.IsAlive(pid)));

        var killed = ProcessTable.KillLeftovers(owner);

        Assert.Equal(2, killed);
        Assert.True(await EventuallyAsync(() => grandchildren.All(pid => !ProcessTable.IsAlive(pid))), "a grandchild survived");
        Assert.Empty(ProcessTable.FindByEnvironment(ProcessSpec.OwnerVariable, owner));
        Assert.True(ProcessTable.IsAlive(Environment.ProcessId));
    }

    [Fact]
    public void KillLeftovers_UnknownOwner_KillsNothing() => Assert.Equal(0, ProcessTable.KillLeftovers(NewOwner()));

    [Fact]
    public void KillLeftovers_EmptyOwner_Throws() => Assert.Throws<ArgumentException>(() => ProcessTable.KillLeftovers(""));
}
