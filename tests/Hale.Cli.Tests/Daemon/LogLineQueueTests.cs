using Hale.Cli.Daemon;
using Hale.Testing;

namespace Hale.Cli.Tests.Daemon;

public sealed class LogLineQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Enqueue_SinkBlocked_NeverWaitsDropsBeyondCapacityAndReportsWhenDrained()
    {
        using var gate = new ManualResetEventSlim();
        var written = new List<string>();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var queue = new LogLineQueue(
            "test",
            text =>
            {
                gate.Wait(Patience);
                lock (written)
                {
                    written.Add(text);
                }
            },
            capacity: 10,
            clock);

        // The writer takes the first line and blocks in the sink; 10 more wait; the remaining 89 are dropped.
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue($"line {i}\n");
        }

        var dropped = queue.Dropped;
        gate.Set();
        queue.Dispose();

        Assert.InRange(dropped, 89, 90);
        Assert.Equal("line 0\n", written[0]);
        Assert.Equal($"2026-11-21T00:00:00.000Z warn: Hale.Logging[1] {dropped} log lines dropped\n", written[^1]);
        Assert.Equal(100 - dropped + 1, written.Count);
    }

    [Fact]
    public void Dispose_SinkBlockedForGood_ReturnsAfterTheDrainTimeout()
    {
        using var gate = new ManualResetEventSlim();
        var queue = new LogLineQueue("test", _ => gate.Wait(Patience), capacity: 10);
        queue.Enqueue("stuck\n");
        queue.Enqueue("queued\n");

        queue.Dispose();
        gate.Set();

        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public void Dispose_SinkSlowButWriting_WaitsPastTheDrainTimeoutUntilEveryLineIsWritten()
    {
        // 30 writes of 100 ms each: 3 s in all, more than the 2 s drain timeout, but never 2 s without a write.
        var written = new List<string>();
        var queue = new LogLineQueue(
            "test",
            text =>
            {
                Thread.Sleep(100);
                lock (written)
                {
                    written.Add(text);
                }
            },
            capacity: 100);
        for (var i = 0; i < 30; i++)
        {
            queue.Enqueue($"line {i}\n");
        }

        queue.Dispose();

        lock (written)
        {
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"line {i}\n"), written);
        }
    }

    [Fact]
    public void Dispose_LinesQueued_WritesThemAllInOrder()
    {
        var written = new List<string>();
        var queue = new LogLineQueue("test", written.Add, capacity: 1000);
        for (var i = 0; i < 500; i++)
        {
            queue.Enqueue($"line {i}\n");
        }

        queue.Dispose();

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"line {i}\n"), written);
    }
}
