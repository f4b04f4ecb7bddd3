using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>One category's logger: formats each event as Hale's log line and queues it for the sink's writer; never blocks.</summary>
internal sealed class QueuedLineLogger(string category, LogLineQueue queue, TimeProvider timeProvider) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        queue.Enqueue(LogLineFormatter.Format(timeProvider.GetUtcNow(), logLevel, category, eventId, message, exception));
    }
}
