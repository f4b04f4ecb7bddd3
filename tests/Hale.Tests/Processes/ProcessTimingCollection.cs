namespace Hale.Tests.Processes;

/// <summary>
/// Tests that measure latencies run alone: on a small machine the parallel suite saturates the CPU and the thread pool,
/// through which .NET raises <see cref="System.Diagnostics.Process.Exited"/>, so a latency measured then is the suite's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTimingCollection
{
    public const string Name = "Process timing";
}
