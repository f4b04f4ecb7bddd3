using System.CommandLine;
using Hale.Config.Importers;
using Microsoft.Extensions.Logging;

namespace Hale.Cli;

/// <summary>Options every <c>hale</c> command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<LogLevel> LogLevel { get; } = CreateLogLevel();

    public static Option<FileInfo> Config(bool required = true) => new("--config", "-c")
    {
        Description = "The configuration file (Hale's YAML, or ha_valet.cfg, heartbeat.conf or autoheal's conf.yaml: see --format).",
        Required = required,
    };

    /// <summary>
    /// <c>-c</c> of a command that only talks to a running Hale: optional, and only its <c>state_dir</c> is read.
    /// </summary>
    public static Option<FileInfo?> ControlConfig() => new("--config", "-c")
    {
        Description = "The running Hale's configuration file: only its state_dir is read, so a broken file still works. "
            + "Default: $HALE_CONFIG, else /etc/hale/hale.yaml.",
    };

    /// <summary><c>--state-dir DIR</c>: the running Hale's state directory, where its control socket <c>hale.sock</c> is (wins over <c>-c</c>).</summary>
    public static Option<DirectoryInfo?> StateDirectory() => new("--state-dir")
    {
        Description = "The running Hale's state_dir (its control socket is DIR/hale.sock); no configuration file is read.",
    };

    /// <summary><c>--format valet|heartbeat|autoheal|hale</c>: the configuration file's format; detected from its content when absent.</summary>
    public static Option<ConfigFormat?> Format()
    {
        var option = new Option<ConfigFormat?>("--format")
        {
            Description = "The configuration file's format: valet (ha_valet.cfg), heartbeat (heartbeat.conf), autoheal (conf.yaml) or hale. Default: detected from the content.",
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (ConfigImporters.TryParse(text, out var format))
            {
                return format;
            }

            result.AddError($"'{text}' is not a configuration format (valet, heartbeat, autoheal, hale)");
            return null;
        };
        return option;
    }

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
