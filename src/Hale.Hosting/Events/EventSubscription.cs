using System.Threading.Channels;

namespace Hale.Hosting.Events;

/// <summary>
/// One subscriber of a <see cref="TransitionJournal"/>: the backlog it asked for, then a bounded queue of live events. When
/// the queue is full the subscriber is dropped: the queue is completed and <see cref="Dropped"/> is cancelled, so that its
/// writer stops at once even while blocked on a slow client.
/// </summary>
/// <remarks>Thread-safe; <see cref="Reader"/> has one reader.</remarks>
internal sealed class EventSubscription : IDisposable
{
    private readonly TransitionJournal _journal;
    private readonly Channel<TransitionEvent?> _queue;
    private readonly CancellationTokenSource _dropped = new();
    private int _isDropped;

    internal EventSubscription(TransitionJournal journal, IReadOnlyList<TransitionEvent> backlog, int capacity)
    {
        _journal = journal;
        Backlog = backlog;
        _queue = Channel.CreateBounded<TransitionEvent?>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The events of the ring after the id subscribed with (a <see cref="TransitionKind.Lost"/> notice first when some are gone).</summary>
    public IReadOnlyList<TransitionEvent> Backlog { get; }

    /// <summary>The live events; a null item asks for a keep-alive. Completed when the subscriber is dropped.</summary>
    public ChannelReader<TransitionEvent?> Reader => _queue.Reader;

    /// <summary>Cancelled when the subscriber has been dropped for falling behind.</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>Whether the subscriber has been dropped for falling behind.</summary>
    public bool IsDropped => Volatile.Read(ref _isDropped) == 1;

    /// <summary>Queues an event (or a keep-alive, null) without blocking; false, and the subscriber dropped, when its queue is full.</summary>
    public bool Offer(TransitionEvent? e)
    {
        if (_queue.Writer.TryWrite(e))
        {
            return true;
        }

        Drop();
        return false;
    }

    /// <summary>Unsubscribes.</summary>
    public void Dispose()
    {
        _journal.Unsubscribe(this);
        _queue.Writer.TryComplete();
    }

    private void Drop()
    {
        if (Interlocked.Exchange(ref _isDropped, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();

        // Cancelling runs the writer's registrations: never on the recording thread (the engine's).
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Cancel(), _dropped, preferLocal: false);
    }
}
