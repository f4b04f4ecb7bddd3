namespace Hale.Processes;

/// <summary>
/// Keeps the last <c>capacity</c> lines a child wrote (both streams, each with its stream), as <see cref="OutputTail"/> keeps
/// the last bytes of a command's output. Thread-safe: lines arrive on the readers' tasks, snapshots are read anywhere.
/// </summary>
/// <param name="capacity">How many lines are kept; at least 1.</param>
internal sealed class OutputLineTail(int capacity)
{
    private readonly object _lock = new();
    private readonly Queue<OutputLine> _lines = new(capacity);
    private IReadOnlyList<OutputLine> _snapshot = [];
    private bool _stale;

    /// <summary>Keeps <paramref name="line"/>, forgetting the oldest line when full.</summary>
    public void Add(OutputLine line)
    {
        lock (_lock)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
            _stale = true;
        }
    }

    /// <summary>The kept lines, oldest first; the same instance until a line is added.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_lock)
            {
                if (_stale)
                {
                    _snapshot = [.. _lines];
                    _stale = false;
                }

                return _snapshot;
            }
        }
    }
}
