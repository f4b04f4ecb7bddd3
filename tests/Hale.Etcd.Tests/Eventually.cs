namespace Hale.Etcd.Tests;

/// <summary>Waits for a condition with a generous deadline (never an upper bound the test asserts).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails with <paramref name="what"/> after 30 s.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > Generous)
            {
                Assert.Fail($"not within {Generous.TotalSeconds} s: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>A token cancelled after the generous deadline, so that a hung call fails the test instead of hanging it.</summary>
    public static CancellationTokenSource Deadline() => new(Generous, TimeProvider.System);
}
