using System.Diagnostics;

namespace Hale.Processes;

/// <summary>A process for <see cref="ProcessSpawner"/> to start; completes with the managed id of the thread that forked it.</summary>
internal sealed class SpawnRequest(Process process)
{
    public Process Process { get; } = process;

    public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
