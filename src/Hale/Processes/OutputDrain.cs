namespace Hale.Processes;

/// <summary>
/// The end of reading an exited child's output: what it wrote before it exited is read for at most a grace, then the readers
/// are cancelled (a grandchild may still hold the pipes open) and given the grace once more to end.
/// </summary>
internal static class OutputDrain
{
    /// <summary>Waits for <paramref name="readers"/>, cancelling them after <paramref name="grace"/>; never throws.</summary>
    /// <param name="readers">The task that ends when every output reader has ended.</param>
    /// <param name="stopReading">Cancels the readers.</param>
    /// <param name="grace">How long each of the two waits may take.</param>
    /// <param name="time">The clock of the waits.</param>
    /// <returns>A task that completes when the readers ended or the second grace passed.</returns>
    public static async Task FinishAsync(Task readers, CancellationTokenSource stopReading, TimeSpan grace, TimeProvider time)
    {
        await Task.WhenAny(readers, Task.Delay(grace, time, CancellationToken.None)).ConfigureAwait(false);
        await stopReading.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(readers, Task.Delay(grace, time, CancellationToken.None)).ConfigureAwait(false);
    }
}
