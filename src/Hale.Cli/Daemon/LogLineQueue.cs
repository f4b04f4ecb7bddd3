using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>
/// A bounded queue of formatted log lines in front of a slow or blocked sink (stderr nobody reads, a full disk), drained by
/// one dedicated writer thread. Logging never waits: when the queue is full the line is dropped and counted.
/// </summary>
/// <remarks>
/// <para>When the writer has emptied the queue after drops, it writes one line of its own,
/// <c>… warn: Hale.Logging[1] N log lines dropped</c>, so the gap is visible where it happened. The total is also published
/// as the counter <c>hale.log.lines_dropped</c> of the meter <c>Hale</c> (tag <c>sink</c>: <c>console</c> or <c>file</c>).</para>
/// <para>Order is kept: lines reach the sink in the order <see cref="Enqueue"/> accepted them. <see cref="Dispose"/> writes what
/// is queued as long as the writer keeps writing, and gives up once the sink has taken nothing for <see cref="DrainTimeout"/> (a
/// sink blocked for good must not hold up Hale's exit; a slow one, on a loaded machine, still gets every line). Thread-safe.</para>
/// </remarks>
internal sealed class LogLineQueue : IDisposable
{
    /// <summary>The default capacity: 10,000 lines (a few MB at most).</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>How long <see cref="Dispose"/> waits for the sink to take one more write before it gives up on what is queued: 2 s.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly Meter Meter = new("Hale");
    private static readonly Counter<long> DroppedCounter = Meter.CreateCounter<long>("hale.log.lines_dropped", "{line}", "Log lines dropped because the log's sink did not keep up");

    private readonly Channel<string> _lines;
    private readonly Action<string> _sink;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly Thread _writer;
    private readonly ManualResetEventSlim _done = new();
    private long _dropped;
    private long _unreported;
    private long _writes;

    /// <summary>Starts the writer thread.</summary>
    /// <param name="name">What the sink is (<c>console</c>, <c>file</c>): the thread's name and the counter's tag.</param>
    /// <param name="sink">Writes one or more whole lines; may block (that is what the queue is for); an exception it throws loses the line.</param>
    /// <param name="capacity">How many lines may wait; at least 1. The default is <see cref="DefaultCapacity"/>.</param>
    /// <param name="timeProvider">Stamps the "lines dropped" line; the default is <see cref="TimeProvider.System"/>.</param>
    public LogLineQueue(string name, Action<string> sink, int capacity = DefaultCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _name = name;
        _sink = sink;
        _time = timeProvider ?? TimeProvider.System;
        _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false,
        });
        _writer = new Thread(Drain) { IsBackground = true, Name = $"Hale log writer ({name})" };
        _writer.Start();
    }

    /// <summary>Lines dropped since the queue was made.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="text"/>; never blocks. Full, or disposed: the line is dropped (and, while open, counted).</summary>
    /// <param name="text">One or more whole lines, newline-terminated.</param>
    public void Enqueue(string text)
    {
        if (_lines.Writer.TryWrite(text) || _done.IsSet)
        {
            return;
        }

        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _unreported);
        DroppedCounter.Add(1, new KeyValuePair<string, object?>("sink", _name));
    }

    /// <summary>
    /// Stops accepting lines and writes what is queued, then returns; gives up (the rest is lost) once the sink has taken no
    /// write for <see cref="DrainTimeout"/>.
    /// </summary>
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        var writes = Interlocked.Read(ref _writes);
        while (!_done.Wait(DrainTimeout))
        {
            var now = Interlocked.Read(ref _writes);
            if (now == writes)
            {
                return;
            }

            writes = now;
        }

        _done.Dispose();
    }

    private void Drain()
    {
        var reader = _lines.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var line))
                {
                    Write(line);
                }

                ReportDrops();
            }

            ReportDrops();
        }
        finally
        {
            _done.Set();
        }
    }

    private void ReportDrops()
    {
        var count = Interlocked.Exchange(ref _unreported, 0);
        if (count > 0)
        {
            Write(LogLineFormatter.Format(_time.GetUtcNow(), LogLevel.Warning, "Hale.Logging", new EventId(1), $"{count} log lines dropped", null));
        }
    }

    private void Write(string text)
    {
        try
        {
            _sink(text);
            Interlocked.Increment(ref _writes);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // The sink failed (a closed pipe, a full disk): the line is lost, the next one tries again.
        }
    }
}
