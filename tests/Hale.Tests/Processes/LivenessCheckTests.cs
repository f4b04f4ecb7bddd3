using System.Globalization;
using System.Text.RegularExpressions;
using Hale.Checks;
using Hale.Processes;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Processes;

public sealed class LivenessCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-liveness-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PidFileCheck_LiveChild_Ok()
    {
        await using var child = OwnedProcess.Start(Shell("exec sleep 300"), null, TimeProvider.System);

        var result = await new PidFileCheck(WritePidFile(child.Pid)).CheckAsync();

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Contains($"pid {child.Pid}", result.Detail);
    }

    [Fact]
    public async Task PidFileCheck_DeadChild_Fail()
    {
        var path = WritePidFile(await DeadPidAsync());

        var result = await new PidFileCheck(path).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.EndsWith("is not running", result.Detail);
    }

    [Fact]
    public async Task PidFileCheck_Zombie_Fail()
    {
        var lines = new LineCollector();
        await using var parent = OwnedProcess.Start(Shell("sleep 0.05 & echo $!; exec sleep 300"), lines.Add, TimeProvider.System);
        var zombie = ParsePid((await lines.WaitForAsync(l => l.Stream == OutputStream.Stdout)).Text);
        Assert.True(await EventuallyAsync(() => ProcessTable.TryReadStat(zombie, out var state, out _, out _) && state == 'Z'));

        var result = await new PidFileCheck(WritePidFile(zombie)).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Theory]
    [InlineData("garbage\n", "does not hold a pid: 'garbage'")]
    [InlineData("-5", "does not hold a pid: '-5'")]
    [InlineData("12 34", "does not hold a pid: '12 34'")]
    [InlineData("  \n", "is empty")]
    public async Task PidFileCheck_NotAPid_FailSaysWhy(string content, string why)
    {
        var path = Path.Combine(_dir, "bad.pid");
        await File.WriteAllTextAsync(path, content);

        var result = await new PidFileCheck(path).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal($"pid file {path} {why}", result.Detail);
    }

    [Fact]
    public async Task PidFileCheck_MissingFile_Fail()
    {
        var path = Path.Combine(_dir, "missing.pid");

        var result = await new PidFileCheck(path).CheckAsync();

        Assert.Equal(CheckResult.Fail($"pid file {path} does not exist"), result);
    }

    [Fact]
    public async Task ProcessNameCheck_ChildCommandLine_OkThenFailAfterItDies()
    {
        var marker = "pname-" + Guid.NewGuid().ToString("N");
        var check = new ProcessNameCheck(new Regex($@"python3 -c .* {marker}$"));
        var child = OwnedProcess.Start(
            new ProcessSpec { Argv = [Python, "-c", "import time; time.sleep(300)", marker], Owner = NewOwner() }, null, TimeProvider.System);
        CheckResult running;
        try
        {
            Assert.True(await EventuallyAsync(() => check.CheckAsync().Result.IsOk));
            running = await check.CheckAsync();
        }
        finally
        {
            await child.DisposeAsync();
        }

        var dead = await check.CheckAsync();

        Assert.Equal($"pid {child.Pid} matches '{check.Pattern}'", running.Detail);
        Assert.Equal(CheckResult.Fail($"no process matches '{check.Pattern}'"), dead);
    }

    [Fact]
    public async Task ProcessNameCheck_OnlyHalesOwnCommandLineMatches_Fail()
    {
        var own = ProcessTable.CommandLine(Environment.ProcessId)!;

        var result = await new ProcessNameCheck(new Regex("^" + Regex.Escape(own) + "$")).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public async Task ProcessNameCheck_HaleStartingChildren_ItsForksBeforeTheirExecDoNotMatch()
    {
        // A child shows Hale's command line from its fork to its exec: a pattern that matches only Hale must not find it then.
        var check = new ProcessNameCheck(new Regex("^" + Regex.Escape(ProcessTable.CommandLine(Environment.ProcessId)!) + "$"));
        using var stop = new CancellationTokenSource();
        var starting = Task.Run(() =>
        {
            for (var i = 0; i < 300 && !stop.IsCancellationRequested; i++)
            {
                using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
                child.WaitForExit();
            }
        });
        var results = new List<CheckResult>();
        try
        {
            while (!starting.IsCompleted)
            {
                results.Add(await check.CheckAsync());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await starting;
        }

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal(CheckStatus.Fail, r.Status));
    }

    [Fact]
    public async Task PidFileProcessCheck_LiveAndMatching_Ok()
    {
        var marker = "both-" + Guid.NewGuid().ToString("N");
        await using var child = OwnedProcess.Start(
            new ProcessSpec { Argv = [Python, "-c", "import time; time.sleep(300)", marker], Owner = NewOwner() }, null, TimeProvider.System);
        var check = new PidFileProcessCheck(WritePidFile(child.Pid), new Regex(marker));

        Assert.True(await EventuallyAsync(() => check.CheckAsync().Result.IsOk));
    }

    [Fact]
    public async Task PidFileProcessCheck_PidReusedByAnotherProgram_Fail()
    {
        // The pid file names a live process, but it is an unrelated program (as after pid reuse).
        await using var unrelated = OwnedProcess.Start(new ProcessSpec { Argv = ["sleep", "300"], Owner = NewOwner() }, null, TimeProvider.System);
        Assert.True(await EventuallyAsync(() => ProcessTable.CommandLine(unrelated.Pid) == "sleep 300"));
        var path = WritePidFile(unrelated.Pid);

        var result = await new PidFileProcessCheck(path, new Regex("my-daemon --serve")).CheckAsync();

        Assert.True(ProcessTable.IsAlive(unrelated.Pid));
        Assert.Equal(CheckResult.Fail($"pid {unrelated.Pid} from {path} is another program: 'sleep 300' does not match 'my-daemon --serve'"), result);
    }

    [Fact]
    public async Task PidFileProcessCheck_DeadPid_Fail()
    {
        var result = await new PidFileProcessCheck(WritePidFile(await DeadPidAsync()), new Regex("sleep")).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.EndsWith("is not running", result.Detail);
    }

    [Fact]
    public async Task PidFileProcessCheck_MissingFile_Fail()
    {
        var result = await new PidFileProcessCheck(Path.Combine(_dir, "none.pid"), new Regex("x")).CheckAsync();

        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public void Create_PidFileOnly_PidFileCheck() => Assert.IsType<PidFileCheck>(ProcessLiveness.Create("/run/x.pid", null));

    [Fact]
    public void Create_PnameOnly_ProcessNameCheck() => Assert.IsType<ProcessNameCheck>(ProcessLiveness.Create(null, "nginx: master"));

    [Fact]
    public void Create_Both_PidFileProcessCheck()
    {
        var check = Assert.IsType<PidFileProcessCheck>(ProcessLiveness.Create("/run/x.pid", "nginx"));

        Assert.Equal(ProcessLiveness.MatchTimeout, check.Pattern.MatchTimeout);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(null, " ")]
    [InlineData(null, "(unclosed")]
    public void Create_NothingOrInvalid_ThrowsArgumentException(string? pidFile, string? pname) =>
        Assert.ThrowsAny<ArgumentException>(() => ProcessLiveness.Create(pidFile, pname));

    private string WritePidFile(int pid)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".pid");
        File.WriteAllText(path, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        return path;
    }

    private static async Task<int> DeadPidAsync()
    {
        await using var child = OwnedProcess.Start(Shell("exit 0"), null, TimeProvider.System);
        await child.Exited.WaitAsync(Patience);
        return child.Pid;
    }
}
