using System.Threading.Channels;

namespace Hale.Logs;

/// <summary>
/// A reader of a <see cref="ServiceLog"/>'s new lines as they come (<c>hale logs -f</c>): each line is pushed to it the moment
/// the child's output is read, into a bounded queue; when the reader falls <see cref="Capacity"/> lines behind, further lines
/// are dropped and counted (<see cref="TakeDropped"/>), never waited for. <see cref="Lines"/> completes when the log is closed
/// (the service was removed, or Hale stops). Dispose it to stop following. Thread-safe.
/// </summary>
internal sealed class ServiceLogFollower : IDisposable
{
    /// <summary>How many lines may wait for a slow reader: 10,000.</summary>
    public const int Capacity = 10_000;

    private readonly Channel<ServiceLogLine> _lines = Channel.CreateBounded<ServiceLogLine>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true,
    });

    private readonly ServiceLog _log;
    private long _dropped;

    internal ServiceLogFollower(ServiceLog log, Func<ServiceLogLine, bool> filter, IReadOnlyList<ServiceLogLine> backlog)
    {
        _log = log;
        Filter = filter;
        Backlog = backlog;
    }

    /// <summary>The lines kept before following began (at most as many as asked), oldest first.</summary>
    public IReadOnlyList<ServiceLogLine> Backlog { get; }

    /// <summary>The lines written after <see cref="Backlog"/>, in order; completes when the log is closed.</summary>
    public ChannelReader<ServiceLogLine> Lines => _lines.Reader;

    /// <summary>Which lines this follower wants.</summary>
    internal Func<ServiceLogLine, bool> Filter { get; }

    /// <summary>How many lines were dropped since the last call (the reader was too slow); resets the count.</summary>
    /// <returns>The count.</returns>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>Stops following.</summary>
    public void Dispose()
    {
        _log.Unfollow(this);
        _lines.Writer.TryComplete();
    }

    /// <summary>Hands on a line; never waits (called under the log's lock).</summary>
    internal void Push(ServiceLogLine line)
    {
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Ends <see cref="Lines"/> (the log was closed).</summary>
    internal void Complete() => _lines.Writer.TryComplete();
}
