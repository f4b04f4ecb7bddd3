using Hale.Cli.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hale.Cli;

/// <summary>
/// Hale's console logging: one line per event on stderr, with a UTC timestamp and the category. Logging never blocks: the
/// console and the log file each have a bounded queue drained by one writer thread;
/// when a sink does not keep up (a stderr nobody reads), lines are dropped, counted and reported.
/// </summary>
internal static class HaleLogging
{
    /// <summary>Console logging, and with <paramref name="file"/> a rotating log file too.</summary>
    /// <param name="minimum">The lowest level written.</param>
    /// <param name="file">The log file, or null for the console alone.</param>
    /// <param name="queueCapacity">How many lines may wait for the console's writer (the default is 10,000).</param>
    /// <param name="processLogs">A log directory and process names: each process's events also go to its own file there
    /// (<see cref="ProcessLogFilesProvider"/>, <c>hale valet --log-dir</c>), or null.</param>
    /// <exception cref="IOException">A log file cannot be opened.</exception>
    public static ILoggerFactory Create(
        LogLevel minimum, RotatingFileLoggerOptions? file = null, int queueCapacity = LogLineQueue.DefaultCapacity, ProcessLogs? processLogs = null) => LoggerFactory.Create(logging =>
    {
        if (file is not null)
        {
            logging.AddRotatingFile(file);
        }

        if (processLogs is not null)
        {
            logging.Services.AddSingleton<ILoggerProvider>(_ => new ProcessLogFilesProvider(processLogs.Directory, processLogs.Names));
        }

        logging.SetMinimumLevel(minimum);
        logging.AddFilter("Microsoft", level => level >= LogLevel.Warning && level >= minimum);
        // The host's own start-up failure (e.g. an address in use) is reported once by hale, in words, without a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        logging.Services.AddSingleton<ILoggerProvider>(_ => new QueuedConsoleLoggerProvider(queueCapacity));
    });
}
