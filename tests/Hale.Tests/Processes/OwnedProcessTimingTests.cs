using Hale.Processes;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Processes;

[Collection(ProcessTimingCollection.Name)]
public sealed class OwnedProcessTimingTests
{
    [Fact]
    public async Task Exited_KilledBySigkill_CompletesWithTheSignal()
    {
        await using var child = OwnedProcess.Start(Shell("exec sleep 300"), null, TimeProvider.System);
        var killedAt = TimeProvider.System.GetUtcNow();

        Assert.True(child.Signal(ProcessSignals.Kill));
        var exit = await child.Exited.WaitAsync(Patience);

        // At is stamped when the runtime reports the reaped child (about 0.3 ms after the kill: bench/respawn.sh measures it).
        Assert.Equal(9, exit.Signal);
        Assert.True(exit.At >= killedAt);
    }

    [Fact]
    public async Task Exited_ExitCode_CompletesAsSoonAsTheChildEnds()
    {
        await using var child = OwnedProcess.Start(Shell("sleep 0.2; exit 3"), null, TimeProvider.System);

        var exit = await child.Exited.WaitAsync(Patience);

        Assert.Equal(3, exit.ExitCode);
        Assert.True(exit.At - child.StartedAt >= TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Exited_GrandchildHoldsTheOutputPipe_StillCompletes()
    {
        await using var child = OwnedProcess.Start(Shell("sleep 300 & sleep 0.1; exit 0"), null, TimeProvider.System);

        var exit = await child.Exited.WaitAsync(Patience);

        Assert.Equal(0, exit.ExitCode);
        // The grandchild keeps the pipe open for 300 s: completing within the test's patience means the exit was not
        // waiting for the end of the output.
        Assert.True(exit.At - child.StartedAt >= TimeSpan.FromMilliseconds(100));
    }
}
