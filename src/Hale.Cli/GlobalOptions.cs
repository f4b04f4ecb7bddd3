using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Hale.Cli;

/// <summary>Options every <c>hale</c> command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<LogLevel> LogLevel { get; } = CreateLogLevel();

    public static Option<FileInfo> Config(bool required = true) => new("--config", "-c")
    {
        Description = "The configuration file (Hale's YAML).",
        Required = required,
    };

    private static Option<LogLevel> CreateLogLevel()
    {
        var option = new Option<LogLevel>("--log-level")
        {
            Description = "Least severe log level written to stderr: trace, debug, information, warning, error, critical.",
            DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Information,
            Recursive = true,
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? "information" : result.Tokens[0].Value;
            var normalized = text.ToLowerInvariant() switch
            {
                "info" => "information",
                "warn" => "warning",
                var other => other,
            };
            if (Enum.TryParse<LogLevel>(normalized, ignoreCase: true, out var level) && level != Microsoft.Extensions.Logging.LogLevel.None)
            {
                return level;
            }

            result.AddError($"'{text}' is not a log level (trace, debug, info, warning, error, critical)");
            return Microsoft.Extensions.Logging.LogLevel.Information;
        };
        return option;
    }
}
