using Hale.Text;

namespace Hale.Hosting.Events;

/// <summary>
/// The engine's journal of transitions: every change of state of a check, service, action, HAProxy server or failover group,
/// numbered 1, 2, 3, ..., kept in a bounded ring of the last <see cref="Capacity"/> events, and handed to the live
/// subscribers (<c>GET /-/events</c>).
/// </summary>
/// <remarks>
/// <para><see cref="Record"/> never blocks and never throws for a subscriber: each one has a bounded queue, and a subscriber
/// whose queue is full is dropped (its stream ends) rather than slowing the engine or the other subscribers.</para>
/// <para>Subscribing with the id of the last event seen resumes after it: the events still in the ring, then the live ones,
/// without gap or duplicate (both are taken under one lock). If events after that id fell out of the ring, the subscription
/// starts with a <see cref="TransitionKind.Lost"/> notice.</para>
/// <para>Thread-safe.</para>
/// </remarks>
internal sealed class TransitionJournal
{
    /// <summary>The default number of events kept: 1000.</summary>
    public const int DefaultCapacity = 1000;

    /// <summary>The longest detail kept, in characters; longer ones are cut.</summary>
    public const int DetailLength = 512;

    private readonly Lock _lock = new();
    private readonly TransitionEvent?[] _ring;
    private readonly TimeProvider _time;
    private readonly List<EventSubscription> _subscribers = [];
    private long _lastId;

    /// <summary>Creates an empty journal.</summary>
    /// <param name="capacity">Events kept, 1..1,000,000.</param>
    /// <param name="time">The clock of the events' times.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is out of range.</exception>
    public TransitionJournal(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1_000_000);
        _ring = new TransitionEvent?[capacity];
        _time = time;
    }

    /// <summary>How many events the ring keeps.</summary>
    public int Capacity => _ring.Length;

    /// <summary>The id of the last event recorded; 0 before the first.</summary>
    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _lastId;
            }
        }
    }

    /// <summary>The live subscribers (for tests and logs).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Records a transition and hands it to every subscriber. Never blocks on a subscriber.</summary>
    /// <param name="kind">A <see cref="TransitionKind"/>.</param>
    /// <param name="name">What changed.</param>
    /// <param name="from">The previous state; null when unknown.</param>
    /// <param name="to">The new state.</param>
    /// <param name="detail">Why, unsanitised: URLs are redacted and control characters escaped here.</param>
    /// <returns>The event recorded.</returns>
    public TransitionEvent Record(string kind, string name, string? from, string to, string? detail)
    {
        var safe = string.IsNullOrEmpty(detail) ? null : SafeText.ForLog(detail, DetailLength);
        lock (_lock)
        {
            var e = new TransitionEvent(++_lastId, _time.GetUtcNow(), kind, name, from, to, safe);
            _ring[(int)((e.Id - 1) % _ring.Length)] = e;
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (!_subscribers[i].Offer(e))
                {
                    _subscribers.RemoveAt(i);
                }
            }

            return e;
        }
    }

    /// <summary>Records a check's transition (statuses as <c>/-/status</c> writes them; the cause as detail).</summary>
    public TransitionEvent RecordCheck(Checks.CheckTransition t) =>
        Record(TransitionKind.Check, t.Check, t.From is { } from ? Http.StatusDocument.Format(from) : null, Http.StatusDocument.Format(t.To), t.Cause);

    /// <summary>The events in the ring with an id above <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<TransitionEvent> Snapshot(long after = 0)
    {
        lock (_lock)
        {
            return Backlog_NeedsLock(after, out _);
        }
    }

    /// <summary>Subscribes to the events after <paramref name="after"/> (the ring's backlog) and to every later one.</summary>
    /// <param name="after">The last id the subscriber has; null for only the live events.</param>
    /// <param name="queueCapacity">How many events may wait for the subscriber before it is dropped; at least 1.</param>
    /// <returns>The subscription; dispose it to unsubscribe.</returns>
    public EventSubscription Subscribe(long? after, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        lock (_lock)
        {
            TransitionEvent? lost = null;
            var backlog = after is { } from ? Backlog_NeedsLock(from, out lost) : [];
            if (lost is not null)
            {
                backlog.Insert(0, lost);
            }

            var subscription = new EventSubscription(this, backlog, queueCapacity);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Removes a subscription (idempotent).</summary>
    internal void Unsubscribe(EventSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }

    private List<TransitionEvent> Backlog_NeedsLock(long after, out TransitionEvent? lost)
    {
        lost = null;
        var oldest = Math.Max(1, _lastId - _ring.Length + 1);
        var list = new List<TransitionEvent>();
        if (after > _lastId || after < oldest - 1)
        {
            // Ids the ring no longer has (or never had: a client of an earlier Hale process): say so, then send all there is.
            var lastLost = oldest - 1;
            lost = new TransitionEvent(
                lastLost,
                _time.GetUtcNow(),
                TransitionKind.Lost,
                string.Empty,
                after.ToString(System.Globalization.CultureInfo.InvariantCulture),
                lastLost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                after > _lastId
                    ? $"event {after} is unknown (Hale restarted?); the {_lastId - oldest + 1} events kept follow"
                    : $"{lastLost - after} events after {after} fell out of the ring of {_ring.Length}");
            after = oldest - 1;
        }

        for (var id = Math.Max(after + 1, oldest); id <= _lastId; id++)
        {
            list.Add(_ring[(int)((id - 1) % _ring.Length)]!);
        }

        return list;
    }
}
