using System.Collections.Concurrent;
using Hale.Failover;

namespace Hale.Etcd.Tests;

/// <summary>Reads a store's watch in the background and records what it yields, how it ended, and with what.</summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<long> _revisions = new();
    private readonly CancellationTokenSource _stop = new();

    public WatchRecorder(ICoordinationStore store, string prefix, long afterRevision)
    {
        Completion = Task.Run(async () =>
        {
            await foreach (var revision in store.WatchAsync(prefix, afterRevision, _stop.Token))
            {
                _revisions.Enqueue(revision);
            }
        });
    }

    /// <summary>Completes when the enumeration ended: normally (cancelled) or with its exception.</summary>
    public Task Completion { get; }

    public IReadOnlyList<long> Revisions => [.. _revisions];

    /// <summary>Waits until a yielded revision is at least <paramref name="revision"/>.</summary>
    public async Task SeesAsync(long revision)
    {
        await Eventually.HoldsAsync(
            () => Task.FromResult(_revisions.Any(r => r >= revision) || Completion.IsCompleted), $"the watch reports revision {revision}");
        if (!_revisions.Any(r => r >= revision))
        {
            await Completion;
            Assert.Fail($"the watch ended before revision {revision}; it saw [{string.Join(", ", _revisions)}]");
        }
    }

    /// <summary>Cancels the watch's token.</summary>
    public void Cancel() => _stop.Cancel();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Completion;
        }
        catch (CoordinationException)
        {
        }

        _stop.Dispose();
    }
}
