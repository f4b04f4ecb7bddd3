using System.Text;
using Hale.Processes;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Processes;

public sealed class OwnedProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-owned-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Start_Child_LeadsItsOwnSessionAndProcessGroup()
    {
        await using var child = OwnedProcess.Start(Shell("exec sleep 300"), null, TimeProvider.System);

        Assert.True(ProcessTable.TryReadStat(child.Pid, out var state, out var group, out var session));
        Assert.NotEqual('Z', state);
        Assert.Equal(child.Pid, group);
        Assert.Equal(child.Pid, session);
        Assert.NotEqual(ProcessTable.ProcessGroupOf(Environment.ProcessId), group);
    }

    [Fact]
    public async Task StartAsync_ManyAtOnce_EachExecdInItsOwnGroupWithItsExecTime()
    {
        var owner = NewOwner();
        var starts = Enumerable.Range(0, 20).Select(_ => OwnedProcess.StartAsync(Shell("exec sleep 300", owner), null, TimeProvider.System)).ToList();
        var children = await Task.WhenAll(starts);
        try
        {
            foreach (var child in children)
            {
                Assert.Equal(child.Pid, ProcessTable.ProcessGroupOf(child.Pid));
                Assert.True(child.ExecutedAt >= child.StartedAt);
                Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(child.Pid) == "sleep 300"));
            }
        }
        finally
        {
            await Task.WhenAll(children.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Start_Child_ExecsInPlaceAndCarriesTheOwnerMarker()
    {
        var spec = Shell("exec sleep 300");
        await using var child = OwnedProcess.Start(spec, null, TimeProvider.System);

        // setsid and setpriv exec without forking: the pid becomes sleep itself.
        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(child.Pid) == "sleep 300"));
        var environ = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{child.Pid}/environ")).Split('\0');
        Assert.Contains($"HALE_OWNER={spec.Owner}", environ);
        Assert.Equal([child.Pid], ProcessTable.FindByEnvironment(ProcessSpec.OwnerVariable, spec.Owner));
    }

    [Fact]
    public async Task Start_Output_LinesArriveWithTheirStream()
    {
        var lines = new LineCollector();
        await using var child = OwnedProcess.Start(
            Shell("echo out one; echo err one >&2; printf 'crlf\\r\\n'; printf 'no newline'"), lines.Add, TimeProvider.System);

        await child.Exited.WaitAsync(Patience);
        await lines.WaitForAsync(OutputStream.Stdout, "no newline");
        await lines.WaitForAsync(OutputStream.Stderr, "err one");

        Assert.Equal(["out one", "crlf", "no newline"], lines.Lines.Where(l => l.Stream == OutputStream.Stdout).Select(l => l.Text));
        Assert.Equal(["err one"], lines.Lines.Where(l => l.Stream == OutputStream.Stderr).Select(l => l.Text));
    }

    [Fact]
    public async Task Start_LongLine_SplitInto8KiBPieces()
    {
        var lines = new LineCollector();
        await using var child = OwnedProcess.Start(
            new ProcessSpec { Argv = [Python, "-c", "print('x' * 20000); print('end')"], Owner = NewOwner() }, lines.Add, TimeProvider.System);

        await lines.WaitForAsync(OutputStream.Stdout, "end");

        Assert.Equal([8192, 8192, 3616, 3], lines.Lines.Select(l => l.Text.Length));
    }

    [Theory]
    [InlineData("exit 3", 3, null, "exit 3")]
    [InlineData("kill -KILL $$", null, 9, "killed by SIGKILL")]
    [InlineData("kill -USR1 $$", null, 10, "killed by SIGUSR1")]
    public async Task Exited_HowTheChildEnded_ExitCodeOrSignal(string command, int? exitCode, int? signal, string description)
    {
        await using var child = OwnedProcess.Start(Shell(command), null, TimeProvider.System);

        var exit = await child.Exited.WaitAsync(Patience);

        Assert.Equal((exitCode, signal, description), (exit.ExitCode, exit.Signal, exit.Describe()));
        Assert.True(exit.At >= child.StartedAt);
    }

    [Fact]
    public async Task Signal_TermToTheGroup_KillsTheGrandchildToo()
    {
        var lines = new LineCollector();
        await using var child = OwnedProcess.Start(Shell("sleep 300 & echo $!; wait"), lines.Add, TimeProvider.System);
        var grandchild = ParsePid((await lines.WaitForAsync(l => l.Stream == OutputStream.Stdout)).Text);
        Assert.True(ProcessTable.IsAlive(grandchild));

        Assert.True(child.Signal(ProcessSignals.Parse("TERM")));

        Assert.Equal(15, (await child.Exited.WaitAsync(Patience)).Signal);
        Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(grandchild)), $"grandchild {grandchild} still alive");
    }

    [Fact]
    public async Task Signal_GroupGone_ReturnsFalse()
    {
        await using var child = OwnedProcess.Start(Shell("exit 0"), null, TimeProvider.System);
        await child.Exited.WaitAsync(Patience);

        Assert.False(child.Signal(ProcessSignals.Terminate));
    }

    [Fact]
    public async Task DisposeAsync_RunningChild_KillsTheGroupAndCompletesExited()
    {
        var lines = new LineCollector();
        var child = OwnedProcess.Start(Shell("sleep 300 & echo $!; wait"), lines.Add, TimeProvider.System);
        var grandchild = ParsePid((await lines.WaitForAsync(l => l.Stream == OutputStream.Stdout)).Text);

        await child.DisposeAsync();
        await child.DisposeAsync();

        Assert.True(child.Exited.IsCompleted);
        Assert.Equal(9, (await child.Exited).Signal);
        Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(grandchild)), $"grandchild {grandchild} still alive");
    }

    [Fact]
    public async Task DisposeAsync_DescendantLeftTheGroupHoldingTheOutput_CompletesAndKillLeftoversFindsIt()
    {
        var spec = Shell("setsid sleep 300 & echo $!; wait");
        var lines = new LineCollector();
        var child = OwnedProcess.Start(spec, lines.Add, TimeProvider.System);
        var escaped = ParsePid((await lines.WaitForAsync(l => l.Stream == OutputStream.Stdout)).Text);
        try
        {
            Assert.True(await EventuallyAsync(() => ProcessTable.ProcessGroupOf(escaped) == escaped));

            await child.DisposeAsync().AsTask().WaitAsync(Patience);

            Assert.True(ProcessTable.IsAlive(escaped), "the group kill cannot reach a process that left the group");
            Assert.Equal(1, ProcessTable.KillLeftovers(spec.Owner));
            Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(escaped)));
        }
        finally
        {
            KillIfAlive(escaped);
        }
    }

    [Fact]
    public async Task Start_Argv_RunsWithoutAShell()
    {
        var lines = new LineCollector();
        const string Literal = "$HOME; echo injected `id` *";
        await using var child = OwnedProcess.Start(
            new ProcessSpec { Argv = [Python, "-c", "import sys; print(sys.argv[1])", Literal], Owner = NewOwner() }, lines.Add, TimeProvider.System);

        Assert.Equal(0, (await child.Exited.WaitAsync(Patience)).ExitCode);
        await lines.WaitForAsync(OutputStream.Stdout, Literal);
        Assert.Single(lines.Lines);
    }

    [Fact]
    public async Task Start_CommandLineWithoutShellSyntax_PidIsTheProgramItself()
    {
        await using var child = OwnedProcess.Start(Shell("sleep 299 '1'"), null, TimeProvider.System);

        Assert.True(
            await EventuallyAsync(() => ProcessTable.CommandLineArguments(child.Pid) is ["sleep", "299", "1"]),
            $"pid {child.Pid} runs '{ProcessTable.CommandLine(child.Pid)}', not the program");
        Assert.Equal("sleep", ProcessComm(child.Pid));
    }

    [Fact]
    public async Task Start_CommandLineWithRedirection_ShellExecsTheProgram()
    {
        var code = "import os, sys, time; print(os.getpid()); sys.stdout.flush(); time.sleep(300)";
        var spec = new ProcessSpec { CommandLine = $"{Python} -c '{code}' > out.txt 2>/dev/null", WorkingDirectory = _dir, Owner = NewOwner() };
        await using var child = OwnedProcess.Start(spec, null, TimeProvider.System);
        var output = Path.Combine(_dir, "out.txt");

        Assert.True(await EventuallyAsync(() => File.Exists(output) && File.ReadAllText(output).Trim().Length > 0), "no output in out.txt");
        Assert.Equal(child.Pid, ParsePid(File.ReadAllText(output)));
        Assert.Equal("python3", ProcessComm(child.Pid));
        Assert.Equal(new FileInfo(Python).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Python, ResolvedExe(child.Pid));
    }

    [Fact]
    public async Task Start_CommandLineWithLeadingAssignment_ShellExecsWithTheVariable()
    {
        var lines = new LineCollector();
        await using var child = OwnedProcess.Start(
            Shell($"HALE_SPLIT_TEST='a b' {Python} -c 'import os; print(os.environ[\"HALE_SPLIT_TEST\"]); print(os.getpid())'"), lines.Add, TimeProvider.System);

        await child.Exited.WaitAsync(Patience);
        await lines.WaitForAsync(OutputStream.Stdout, child.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["a b", child.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], lines.Lines.Select(l => l.Text));
    }

    [Fact]
    public void Start_CommandLineProgramNotOnPath_ThrowsProcessStartException()
    {
        var ex = Assert.Throws<ProcessStartException>(() => OwnedProcess.Start(Shell("no-such-program-hale --flag"), null, TimeProvider.System));

        Assert.StartsWith("cannot start 'no-such-program-hale --flag': program 'no-such-program-hale' was not found on PATH", ex.Message);
    }

    [Fact]
    public async Task Start_WorkingDirectoryAndEnvironment_AreApplied()
    {
        var lines = new LineCollector();
        var spec = new ProcessSpec
        {
            CommandLine = "pwd; echo \"$HALE_TEST_VALUE\"; echo \"$HALE_OWNER\"",
            WorkingDirectory = _dir,
            Environment = new Dictionary<string, string> { ["HALE_TEST_VALUE"] = "forty two" },
            Owner = NewOwner(),
        };
        await using var child = OwnedProcess.Start(spec, lines.Add, TimeProvider.System);

        await child.Exited.WaitAsync(Patience);
        await lines.WaitForAsync(OutputStream.Stdout, spec.Owner);

        Assert.Equal([_dir, "forty two", spec.Owner], lines.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Start_User_RunsWithThatUsersIds()
    {
        await using var child = OwnedProcess.Start(
            new ProcessSpec { Argv = ["sleep", "300"], User = "nobody", Owner = NewOwner() }, null, TimeProvider.System);

        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(child.Pid) == "sleep 300"));
        Assert.Equal("65534", StatusField(child.Pid, "Uid"));
        Assert.Equal("65534", StatusField(child.Pid, "Gid"));
        Assert.Equal(child.Pid, ProcessTable.ProcessGroupOf(child.Pid));
    }

    [Fact]
    public async Task Start_GroupOnly_ChangesTheGroupNotTheUser()
    {
        await using var child = OwnedProcess.Start(
            new ProcessSpec { Argv = ["sleep", "300"], Group = "nogroup", Owner = NewOwner() }, null, TimeProvider.System);

        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(child.Pid) == "sleep 300"));
        Assert.Equal("0", StatusField(child.Pid, "Uid"));
        Assert.Equal("65534", StatusField(child.Pid, "Gid"));
    }

    [Fact]
    public void Start_MissingWorkingDirectory_ThrowsProcessStartException()
    {
        var missing = Path.Combine(_dir, "missing");

        var ex = Assert.Throws<ProcessStartException>(() =>
            OwnedProcess.Start(new ProcessSpec { CommandLine = "true", WorkingDirectory = missing, Owner = NewOwner() }, null, TimeProvider.System));

        Assert.Equal($"cannot start 'true': working directory '{missing}' does not exist", ex.Message);
    }

    [Fact]
    public void Start_UnknownUser_ThrowsProcessStartException()
    {
        var ex = Assert.Throws<ProcessStartException>(() =>
            OwnedProcess.Start(new ProcessSpec { Argv = ["sleep", "1"], User = "no-such-user-hale", Owner = NewOwner() }, null, TimeProvider.System));

        Assert.Equal("cannot start 'sleep 1': unknown user 'no-such-user-hale'", ex.Message);
    }

    [Fact]
    public void Start_UnknownGroup_ThrowsProcessStartException()
    {
        var ex = Assert.Throws<ProcessStartException>(() =>
            OwnedProcess.Start(new ProcessSpec { Argv = ["sleep", "1"], Group = "no-such-group-hale", Owner = NewOwner() }, null, TimeProvider.System));

        Assert.Equal("cannot start 'sleep 1': unknown group 'no-such-group-hale'", ex.Message);
    }

    [Theory]
    [InlineData("/no/such/program", "program '/no/such/program' does not exist")]
    [InlineData("no-such-program-hale", "program 'no-such-program-hale' was not found on PATH")]
    public void Start_ProgramCannotBeRun_ThrowsProcessStartException(string program, string reason)
    {
        var ex = Assert.Throws<ProcessStartException>(() =>
            OwnedProcess.Start(new ProcessSpec { Argv = [program, "x"], Owner = NewOwner() }, null, TimeProvider.System));

        Assert.StartsWith($"cannot start '{program} x': {reason}", ex.Message);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Start_ProgramNotExecutable_ThrowsProcessStartException()
    {
        var script = Path.Combine(_dir, "script.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<ProcessStartException>(() =>
            OwnedProcess.Start(new ProcessSpec { Argv = [script], Owner = NewOwner() }, null, TimeProvider.System));

        Assert.Equal($"cannot start '{script}': program '{script}' is not executable", ex.Message);
    }

    [Fact]
    public void Start_InvalidSpec_ThrowsArgumentExceptionListingTheProblems()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            OwnedProcess.Start(new ProcessSpec { CommandLine = "true", Argv = ["true"], Owner = "" }, null, TimeProvider.System));

        Assert.Contains("not both", ex.Message);
        Assert.Contains("Owner is required", ex.Message);
    }

    [Fact]
    public async Task Start_FromManyThreadPoolThreads_EveryChildForkedByTheSpawnerThread()
    {
        var callers = new System.Collections.Concurrent.ConcurrentBag<int>();
        var children = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            callers.Add(Environment.CurrentManagedThreadId);
            return OwnedProcess.Start(Shell("exit 0"), null, TimeProvider.System);
        })));
        try
        {
            Assert.All(children, child => Assert.Equal(ProcessSpawner.ManagedThreadId, child.SpawnThreadId));
            Assert.DoesNotContain(ProcessSpawner.ManagedThreadId, callers);
        }
        finally
        {
            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Start_OutputCallbackThrows_ReadingGoesOn()
    {
        var lines = new LineCollector();
        await using var child = OwnedProcess.Start(
            Shell("echo first; echo second"),
            line =>
            {
                lines.Add(line);
                throw new InvalidOperationException("callback bug");
            },
            TimeProvider.System);

        await lines.WaitForAsync(OutputStream.Stdout, "second");
    }

    private static string ProcessComm(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();

    private static string ResolvedExe(int pid) => new FileInfo($"/proc/{pid}/exe").ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? string.Empty;
}
