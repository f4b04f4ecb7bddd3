using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hale.Etcd.Tests;

/// <summary>An <see cref="ILogger"/> that keeps the event id and text of every message.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(int Id, string Text)> _entries = new();

    public IReadOnlyList<(int Id, string Text)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId.Id, formatter(state, exception)));
}
