using System.Collections.Frozen;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Hale.Logs;

namespace Hale.Cli.Daemon;

/// <summary>
/// ha_valet's log per process (COMPAT §2): each event about one of the named processes is also written, in the console's
/// one-line format, to <c>DIRECTORY/NAME.log</c>, rotated at 1 MiB with 5 backups (<see cref="RotatingFileLoggerOptions"/>'s
/// defaults). An event is about a process when its structured <c>Group</c> or <c>Service</c> value is the name, or its
/// <c>Component</c> or <c>Check</c> value is the name or starts with <c>NAME.</c> (a service's alive check); other events are
/// not written here.
/// </summary>
/// <remarks>A file name keeps letters, digits, <c>. _ -</c> of the process name and has <c>_</c> for any other character (and
/// before a leading dot). Every file has its own queue and writer thread (<see cref="LogLineQueue"/>): logging never blocks.
/// Thread-safe; disposing writes what is queued and closes the files.</remarks>
internal sealed class ProcessLogFilesProvider : ILoggerProvider
{
    private static readonly string[] NameKeys = ["Group", "Service"];
    private static readonly string[] PrefixKeys = ["Component", "Check"];

    private readonly FrozenDictionary<string, (RotatingFileWriter Writer, LogLineQueue Queue)> _files;
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Opens a file per name now, so a bad directory fails at start.</summary>
    /// <param name="directory">The log directory; created when missing.</param>
    /// <param name="names">The process names (ha_valet's sections).</param>
    /// <param name="timeProvider">Stamps the lines; the default is <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="IOException">A file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not ours to write.</exception>
    public ProcessLogFilesProvider(string directory, IEnumerable<string> names, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(names);
        _time = timeProvider ?? TimeProvider.System;
        var files = new Dictionary<string, (RotatingFileWriter, LogLineQueue)>(StringComparer.Ordinal);
        try
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                var writer = new RotatingFileWriter(Path.Combine(directory, FileName(name)));
                files[name] = (writer, new LogLineQueue("file " + name, writer.Write, LogLineQueue.DefaultCapacity, _time));
            }
        }
        catch
        {
            Close(files.Values);
            throw;
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The log file's name for process <paramref name="name"/>: <c>NAME.log</c>, made safe as a file name.</summary>
    /// <param name="name">The process name.</param>
    /// <returns>The file name.</returns>
    public static string FileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
        return (safe.Length == 0 || safe[0] == '.' ? "_" + safe : safe) + ".log";
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, category => new Logger(category, this));

    /// <inheritdoc />
    public void Dispose() => Close(_files.Values);

    private static void Close(IEnumerable<(RotatingFileWriter Writer, LogLineQueue Queue)> files)
    {
        foreach (var (writer, queue) in files)
        {
            queue.Dispose();
            writer.Dispose();
        }
    }

    /// <summary>The process an event is about, or null.</summary>
    private LogLineQueue? Route<TState>(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return null;
        }

        foreach (var (key, value) in values)
        {
            if (value is not string text)
            {
                continue;
            }

            if (NameKeys.Contains(key, StringComparer.Ordinal) && _files.TryGetValue(text, out var file))
            {
                return file.Queue;
            }

            if (PrefixKeys.Contains(key, StringComparer.Ordinal))
            {
                var dot = text.IndexOf('.', StringComparison.Ordinal);
                if (_files.TryGetValue(text, out file) || (dot > 0 && _files.TryGetValue(text[..dot], out file)))
                {
                    return file.Queue;
                }
            }
        }

        return null;
    }

    private sealed class Logger(string category, ProcessLogFilesProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel) && provider.Route(state) is { } queue)
            {
                queue.Enqueue(LogLineFormatter.Format(provider._time.GetUtcNow(), logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}
