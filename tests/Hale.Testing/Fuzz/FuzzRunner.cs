namespace Hale.Testing.Fuzz;

/// <summary>
/// Runs a fuzz corpus the way the fuzz tests do: every case in order, on a thread of its own with a watchdog, so that a case
/// that hangs is reported by name instead of hanging the test run; collects the failures and counts the rejections.
/// </summary>
public static class FuzzRunner
{
    /// <summary>How long one case may take before the run counts as hung: 2 minutes (a case takes milliseconds; a loaded
    /// machine slows the whole corpus down, so the watchdog measures progress, not the total).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="check"/> on cases 0 to <paramref name="count"/> - 1, in order.</summary>
    /// <param name="count">How many cases.</param>
    /// <param name="check">Checks case i: what went wrong (null when nothing did) and whether the input was rejected.</param>
    /// <param name="describe">Names case i in the message of a hang (e.g. how to replay it).</param>
    /// <returns>The failures, in case order, and the number of rejections.</returns>
    /// <exception cref="TimeoutException">A case did not finish within <see cref="Patience"/>; the message names it (it goes on
    /// running in the background).</exception>
    public static async Task<FuzzRunResult> RunAsync(int count, Func<int, (string? Failure, bool Rejected)> check, Func<int, string> describe)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(describe);
        var failures = new List<string>();
        var rejected = 0;
        var current = -1;
        var run = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < count; i++)
                {
                    Volatile.Write(ref current, i);
                    var (failure, wasRejected) = check(i);
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }

                    rejected += wasRejected ? 1 : 0;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        var seen = -1;
        var since = TimeProvider.System.GetTimestamp();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System)).ConfigureAwait(false);
            var at = Volatile.Read(ref current);
            if (at != seen)
            {
                (seen, since) = (at, TimeProvider.System.GetTimestamp());
            }
            else if (!run.IsCompleted && TimeProvider.System.GetElapsedTime(since) >= Patience)
            {
                throw new TimeoutException($"no answer within {Patience.TotalMinutes} minutes for {(at < 0 ? "the start of the run" : describe(at))}");
            }
        }

        await run.ConfigureAwait(false);
        return new FuzzRunResult(count, failures, rejected);
    }
}
