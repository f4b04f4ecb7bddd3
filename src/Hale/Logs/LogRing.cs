namespace Hale.Logs;

/// <summary>
/// A bounded ring of the most recent items: adding to a full ring forgets the oldest. Its array grows as items come, up to
/// the capacity, so a large capacity costs nothing until it is used. Not thread-safe: its owner (<see cref="ServiceLog"/>)
/// holds a lock around every call.
/// </summary>
/// <typeparam name="T">The item.</typeparam>
/// <param name="capacity">How many items are kept; 0 (or less) keeps none.</param>
internal sealed class LogRing<T>(int capacity)
{
    private T[] _items = [];
    private int _start;

    /// <summary>How many items are kept at most.</summary>
    public int Capacity { get; private set; } = Math.Max(capacity, 0);

    /// <summary>How many items are kept now.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps <paramref name="item"/>, forgetting the oldest item when full.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        if (Capacity == 0)
        {
            return;
        }

        if (Count == _items.Length && _items.Length < Capacity)
        {
            // Not yet full, so not wrapped: _start is 0 and the items are in order.
            Array.Resize(ref _items, (int)Math.Min(Capacity, Math.Max(16L, _items.Length * 2L)));
        }

        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = item;
            Count++;
            return;
        }

        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }

    /// <summary>The newest <paramref name="count"/> items that match <paramref name="filter"/>, oldest first.</summary>
    /// <param name="count">At most this many; 0 or less gives none.</param>
    /// <param name="filter">Which items count; null: all.</param>
    /// <returns>A new list.</returns>
    public List<T> Last(int count, Func<T, bool>? filter = null)
    {
        var found = new List<T>(Math.Clamp(count, 0, Count));
        for (var i = Count - 1; i >= 0 && found.Count < count; i--)
        {
            var item = _items[(_start + i) % _items.Length];
            if (filter is null || filter(item))
            {
                found.Add(item);
            }
        }

        found.Reverse();
        return found;
    }

    /// <summary>Changes the capacity, keeping the newest items that fit.</summary>
    /// <param name="capacity">The new capacity; 0 (or less) keeps none.</param>
    public void Resize(int capacity)
    {
        capacity = Math.Max(capacity, 0);
        if (capacity == Capacity)
        {
            return;
        }

        var kept = Last(capacity);
        _items = [.. kept];
        _start = 0;
        Count = kept.Count;
        Capacity = capacity;
    }
}
