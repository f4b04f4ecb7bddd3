using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Hale.Tests.Services;

/// <summary>Keeps every log entry of every logger it creates: level, event id, text and the scopes open when it was logged.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly AsyncLocal<ImmutableStack<string>> _scopes = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    internal sealed record Entry(LogLevel Level, int EventId, string Message, IReadOnlyList<string> Scopes);

    private sealed class Logger(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            var previous = owner._scopes.Value ?? [];
            owner._scopes.Value = previous.Push(state.ToString() ?? string.Empty);
            return new Scope(() => owner._scopes.Value = previous);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new Entry(logLevel, eventId.Id, formatter(state, exception), [.. owner._scopes.Value ?? []]);
            lock (owner._entries)
            {
                owner._entries.Add(entry);
            }
        }
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
