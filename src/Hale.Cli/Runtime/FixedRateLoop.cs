using System.Runtime.InteropServices;

namespace Hale.Cli.Runtime;

/// <summary>
/// The loop of <c>hale heartbeat -d</c> and <c>hale autoheal --every</c>: a pass, then the rest of the interval, until SIGTERM,
/// SIGINT or the caller's token. The interval is measured from the start of a pass (monotonic time): a pass that takes longer
/// is followed by the next one at once, none is skipped or run in parallel.
/// </summary>
internal static class FixedRateLoop
{
    /// <summary>Runs <paramref name="pass"/> every <paramref name="interval"/> until stopped.</summary>
    /// <param name="pass">One pass; it gets the token that SIGTERM, SIGINT or <paramref name="cancellationToken"/> cancel.</param>
    /// <param name="interval">From the start of one pass to the start of the next (at least).</param>
    /// <param name="cancellationToken">Stops the loop like a signal does.</param>
    /// <returns>When stopped (a pass cancelled by the stop ends the loop quietly; any other exception of a pass escapes).</returns>
    public static async Task RunUntilStoppedAsync(Func<CancellationToken, Task> pass, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        try
        {
            while (true)
            {
                var started = MonotonicTimeProvider.System.GetTimestamp();
                await pass(stop.Token).ConfigureAwait(false);
                var rest = interval - MonotonicTimeProvider.System.GetElapsedTime(started);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, MonotonicTimeProvider.System, stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
