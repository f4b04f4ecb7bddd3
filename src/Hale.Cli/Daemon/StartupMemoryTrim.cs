using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>
/// Gives back, once, the heap <c>hale run</c> needed only to start: a while after start-up, one aggressive compacting GC
/// returns the free heap (the configuration's parse trees, the web host's set-up) to the system. Measured by
/// <c>bench/aot.sh</c>: see bench/RESULTS.md.
/// </summary>
/// <remarks>Never throws (a failure is logged at debug level).</remarks>
internal static class StartupMemoryTrim
{
    /// <summary>Waits <paramref name="delay"/> (start-up's first rounds of checks run meanwhile), then trims once.</summary>
    /// <param name="delay">How long after start-up.</param>
    /// <param name="time">The clock of the delay.</param>
    /// <param name="logger">Where the result is logged (debug).</param>
    /// <param name="cancellationToken">Skips the trim (Hale is stopping).</param>
    /// <returns>Completes after the trim or on cancellation; never faults.</returns>
    public static async Task RunAsync(TimeSpan delay, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var before = ResidentKilobytes();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogDebug("Start-up memory trimmed: resident {Before} kB -> {After} kB", before, ResidentKilobytes());
        }
#pragma warning disable CA1031 // An optimisation: nothing it meets may stop the daemon.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug("Start-up memory trim skipped: {Error}", ex.Message);
        }
    }

    private static long ResidentKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var number, ..] && long.TryParse(number, CultureInfo.InvariantCulture, out var value) ? value : 0;
            }
        }

        return 0;
    }
}
