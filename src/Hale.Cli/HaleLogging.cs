using Hale.Cli.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Hale.Cli;

/// <summary>Hale's console logging: one line per event on stderr, with a UTC timestamp and the category.</summary>
internal static class HaleLogging
{
    /// <summary>Console logging, and with <paramref name="file"/> a rotating log file too.</summary>
    /// <exception cref="IOException">The log file cannot be opened.</exception>
    public static ILoggerFactory Create(LogLevel minimum, RotatingFileLoggerOptions? file = null) => LoggerFactory.Create(logging =>
    {
        if (file is not null)
        {
            logging.AddRotatingFile(file);
        }

        logging.SetMinimumLevel(minimum);
        logging.AddFilter("Microsoft", level => level >= LogLevel.Warning && level >= minimum);
        // The host's own start-up failure (e.g. an address in use) is reported once by hale, in words, without a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
