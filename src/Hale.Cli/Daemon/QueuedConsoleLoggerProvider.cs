using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>
/// Logs to stderr in Hale's one-line format (<see cref="LogLineFormatter"/>) through a bounded <see cref="LogLineQueue"/>: a
/// stderr nobody reads (a full pipe) loses lines, counted and reported, and never stalls the thread that logs.
/// </summary>
/// <remarks>The alias <c>Console</c> names this provider in logging filters. Disposing writes what is queued (giving up once stderr
/// has taken nothing for <see cref="LogLineQueue.DrainTimeout"/>). Thread-safe.</remarks>
[ProviderAlias("Console")]
internal sealed class QueuedConsoleLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, QueuedLineLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Stream _stderr;
    private readonly LogLineQueue _queue;
    private readonly TimeProvider _time;

    /// <summary>Opens stderr and starts the writer.</summary>
    /// <param name="capacity">How many lines may wait; the default is <see cref="LogLineQueue.DefaultCapacity"/>.</param>
    /// <param name="stderr">Where lines go; the default is the process's stderr.</param>
    /// <param name="timeProvider">The clock that stamps lines; the default is <see cref="TimeProvider.System"/>.</param>
    public QueuedConsoleLoggerProvider(int capacity = LogLineQueue.DefaultCapacity, Stream? stderr = null, TimeProvider? timeProvider = null)
    {
        _stderr = stderr ?? Console.OpenStandardError();
        _time = timeProvider ?? TimeProvider.System;
        _queue = new LogLineQueue("console", Write, capacity, _time);
    }

    /// <summary>Lines dropped so far because stderr did not keep up.</summary>
    public long Dropped => _queue.Dropped;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new QueuedLineLogger(name, _queue, _time));

    /// <inheritdoc />
    public void Dispose() => _queue.Dispose();

    private void Write(string text)
    {
        _stderr.Write(Encoding.UTF8.GetBytes(text));
        _stderr.Flush();
    }
}
