using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Hale.Logs;

namespace Hale.Cli.Daemon;

/// <summary>
/// Logs to a size-rotated file (<c>--log-file</c>) in the console's one-line format:
/// <c>2026-11-21T00:02:49.106Z info: Category[EventId] message</c>, an exception on the lines after.
/// </summary>
/// <remarks>
/// Every logger of the provider queues its lines on one bounded <see cref="LogLineQueue"/>, written by one thread to one
/// <see cref="RotatingFileWriter"/>: lines from many threads never interleave, and a slow disk never stalls the thread that
/// logs (when the queue is full, lines are dropped, counted and reported). Disposing writes what is queued. Levels and category filters are
/// the logger factory's (<c>AddFilter</c>, <c>SetMinimumLevel</c>); the alias <c>File</c> names this provider there.
/// </remarks>
[ProviderAlias("File")]
internal sealed class RotatingFileLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, QueuedLineLogger> _loggers = new(StringComparer.Ordinal);
    private readonly RotatingFileWriter _writer;
    private readonly LogLineQueue _queue;
    private readonly TimeProvider _timeProvider;

    /// <summary>Opens the log file now, so a bad path fails at start rather than at the first line.</summary>
    /// <param name="options">The file, its size limit, its backup count, the clock.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its directory is not ours to write.</exception>
    public RotatingFileLoggerProvider(RotatingFileLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new RotatingFileWriter(options.Path, options.MaxBytes, options.Backups);
        _timeProvider = options.TimeProvider;
        _queue = new LogLineQueue("file", _writer.Write, options.QueueCapacity, _timeProvider);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new QueuedLineLogger(name, _queue, _timeProvider));

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Dispose();
        _writer.Dispose();
    }
}
