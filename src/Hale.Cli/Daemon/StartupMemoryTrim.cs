using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>
/// Gives back, once, the memory <c>hale run</c> needed only to start: a while after start-up, a compacting GC that returns
/// free heap to the system (the configuration's parse trees, the web host's set-up), and the pages of Hale's own
/// executable that start-up touched dropped from the resident set (<c>madvise(MADV_DONTNEED)</c> on its read-only,
/// never-written mappings: they stay in the page cache, and what the running daemon uses is mapped back on its next use).
/// Measured by <c>bench/aot.sh</c>: see bench/RESULTS.md.
/// </summary>
/// <remarks>
/// Only mappings of the executable whose pages are all file-backed (smaps <c>Anonymous: 0 kB</c>, so none holds a
/// relocated or written copy) are advised: dropping them loses nothing. For the framework-dependent build the executable
/// is the small apphost, so only the GC part matters there. Never throws (a failure is logged at debug level).
/// </remarks>
internal static partial class StartupMemoryTrim
{
    private const int MadviseDontNeed = 4; // MADV_DONTNEED (Linux, every architecture)

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
            var dropped = DropExecutablePages();
            logger.LogDebug(
                "Start-up memory trimmed: resident {Before} kB -> {After} kB ({Dropped} kB of the executable's read-only pages unmapped)",
                before, ResidentKilobytes(), dropped);
        }
#pragma warning disable CA1031 // An optimisation: nothing it meets may stop the daemon.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug("Start-up memory trim skipped: {Error}", ex.Message);
        }
    }

    /// <summary>Advises away the executable's read-only, purely file-backed mappings; returns how many kB were resident in them.</summary>
    internal static long DropExecutablePages()
    {
        var executable = new FileInfo("/proc/self/exe").LinkTarget;
        if (executable is null)
        {
            return 0;
        }

        long dropped = 0;
        foreach (var mapping in ReadMappings(executable))
        {
            if (mapping.Anonymous == 0 && mapping.Rss > 0 && mapping.Permissions is "r-xp" or "r--p"
                && Madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), MadviseDontNeed) == 0)
            {
                dropped += mapping.Rss;
            }
        }

        return dropped;
    }

    /// <summary>The mappings of <paramref name="path"/> in /proc/self/smaps, with their Rss and Anonymous sizes (kB).</summary>
    private static List<Mapping> ReadMappings(string path)
    {
        var mappings = new List<Mapping>();
        Mapping? current = null;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries) is [var range, var permissions, _, _, _, ..] fields)
            {
                if (current is { } done)
                {
                    mappings.Add(done);
                }

                var name = fields.Length == 6 ? fields[5].Trim() : string.Empty;
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                current = name == path
                    ? new Mapping(
                        ulong.Parse(range.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                        ulong.Parse(range.AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                        permissions)
                    : null;
            }
            else if (current is { } mapping && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                current = mapping with { Rss = Kilobytes(line) };
            }
            else if (current is { } anonymous && line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                current = anonymous with { Anonymous = Kilobytes(line) };
            }
        }

        if (current is { } last)
        {
            mappings.Add(last);
        }

        return mappings;
    }

    private static long ResidentKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return Kilobytes(line);
            }
        }

        return 0;
    }

    // "Rss:                 123 kB" -> 123; -1 (never 0, so a mapping is not taken for unwritten) when unreadable.
    private static long Kilobytes(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var number, ..] && long.TryParse(number, CultureInfo.InvariantCulture, out var value) ? value : -1;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);

    private readonly record struct Mapping(ulong Start, ulong End, string Permissions)
    {
        public long Rss { get; init; } = -1;

        public long Anonymous { get; init; } = -1;
    }
}
