using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Daemon;

/// <summary>Adds <see cref="RotatingFileLoggerProvider"/> to a logging builder.</summary>
internal static class RotatingFileLoggingBuilderExtensions
{
    /// <summary>Also writes every event to a size-rotated file.</summary>
    /// <remarks>The provider is made (and the file opened) when the logger factory is built, and disposed with it.</remarks>
    /// <param name="builder">The logging builder.</param>
    /// <param name="options">The file, its size limit, its backup count, the clock.</param>
    /// <returns>The same builder.</returns>
    public static ILoggingBuilder AddRotatingFile(this ILoggingBuilder builder, RotatingFileLoggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ILoggerProvider>(_ => new RotatingFileLoggerProvider(options));
        return builder;
    }
}
