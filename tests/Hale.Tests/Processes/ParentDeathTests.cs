using System.Diagnostics;
using Hale.Processes;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Processes;

/// <summary>
/// The mechanism <see cref="OwnedProcess"/> relies on, shown with intermediate processes and threads that end while the
/// test goes on: <c>setsid setpriv --pdeathsig KILL</c> makes the kernel kill the child when its forking thread ends.
/// </summary>
public sealed class ParentDeathTests
{
    [Fact]
    public async Task Pdeathsig_IntermediateProcessExits_ChildIsKilled()
    {
        var child = await StartThroughShortLivedShellAsync("setsid setpriv --pdeathsig KILL -- sleep 300");
        try
        {
            Assert.True(await EventuallyAsync(() => !ProcessTable.IsAlive(child), TimeSpan.FromSeconds(2)), $"child {child} survived its parent");
        }
        finally
        {
            KillIfAlive(child);
        }
    }

    [Fact]
    public async Task Pdeathsig_Absent_ChildSurvivesItsParent()
    {
        var child = await StartThroughShortLivedShellAsync("setsid sleep 300");
        try
        {
            Assert.True(ProcessTable.IsAlive(child));
            Assert.Equal(child, ProcessTable.ProcessGroupOf(child));
        }
        finally
        {
            KillIfAlive(child);
        }
    }

    [Fact]
    public async Task Pdeathsig_ForkingThreadEnds_ChildIsKilledThoughTheProcessLives()
    {
        Process? child = null;
        var ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var info = new ProcessStartInfo("setsid") { RedirectStandardInput = true };
            foreach (var argument in new[] { "setpriv", "--pdeathsig", "KILL", "--", "sleep", "300" })
            {
                info.ArgumentList.Add(argument);
            }

            child = Process.Start(info);
            // Let setpriv arm the signal before the thread ends: it does so a few milliseconds after the fork.
            Thread.Sleep(300);
            ending.SetResult();
        });
        thread.Start();
        await ending.Task;
        using var started = child!;

        try
        {
            await started.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(2));
            Assert.Equal(128 + 9, started.ExitCode);
        }
        finally
        {
            KillIfAlive(started.Id);
        }
    }

    /// <summary>Runs <paramref name="command"/> in the background of a shell that exits 300 ms later; returns its pid.</summary>
    private static async Task<int> StartThroughShortLivedShellAsync(string command)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"{command} </dev/null >/dev/null 2>&1 & echo $!; sleep 0.3");
        using var shell = Process.Start(info)!;
        var pid = ParsePid(await shell.StandardOutput.ReadLineAsync() ?? "0");
        await shell.WaitForExitAsync();
        return pid;
    }
}
