using Hale.Processes;

namespace Hale.Tests.Processes;

/// <summary>Collects the output lines of an <see cref="OwnedProcess"/> and lets a test wait for one.</summary>
internal sealed class LineCollector
{
    private readonly Lock _lock = new();
    private readonly List<OutputLine> _lines = [];
    private readonly List<(Func<OutputLine, bool> Match, TaskCompletionSource<OutputLine> Found)> _waiters = [];

    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public void Add(OutputLine line)
    {
        lock (_lock)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    public Task<OutputLine> WaitForAsync(Func<OutputLine, bool> match)
    {
        lock (_lock)
        {
            var existing = _lines.FirstOrDefault(match);
            if (_lines.Any(match))
            {
                return Task.FromResult(existing);
            }

            var found = new TaskCompletionSource<OutputLine>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task.WaitAsync(ProcessTestSupport.Patience);
        }
    }

    public Task<OutputLine> WaitForAsync(OutputStream stream, string text) =>
        WaitForAsync(line => line.Stream == stream && line.Text == text);
}
