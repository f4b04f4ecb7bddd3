namespace Hale.Testing.Fuzz;

/// <summary>
/// Runs a fuzz corpus the way the fuzz tests do: every case in order, on a thread of its own with a watchdog, so that a case
/// that hangs is reported by name instead of hanging the test run; collects the failures and counts the rejections.
/// </summary>
public static class FuzzRunner
{
    /// <summary>How long the whole corpus may take before it counts as hung: 5 minutes.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Runs <paramref name="check"/> on cases 0 to <paramref name="count"/> - 1, in order.</summary>
    /// <param name="count">How many cases.</param>
    /// <param name="check">Checks case i: what went wrong (null when nothing did) and whether the input was rejected.</param>
    /// <param name="describe">Names case i in the message of a hang (e.g. how to replay it).</param>
    /// <returns>The failures, in case order, and the number of rejections.</returns>
    /// <exception cref="TimeoutException">The corpus did not finish within <see cref="Patience"/>; the message names the case
    /// it was at (which goes on running in the background).</exception>
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
        using var watchdog = new CancellationTokenSource();
        var finished = await Task.WhenAny(run, Task.Delay(Patience, TimeProvider.System, watchdog.Token)).ConfigureAwait(false);
        if (finished != run)
        {
            var at = Volatile.Read(ref current);
            throw new TimeoutException($"no answer within {Patience.TotalMinutes} minutes for {(at < 0 ? "the start of the run" : describe(at))}");
        }

        await watchdog.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false);
        return new FuzzRunResult(count, failures, rejected);
    }
}
