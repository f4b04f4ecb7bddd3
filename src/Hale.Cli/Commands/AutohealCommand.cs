using System.CommandLine;
using Hale.Cli.Runtime;
using Hale.Config.Importers.Autoheal;
using Hale.Config.Values;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale autoheal [-c conf.yaml] [--once | --every 60s]</c>: a drop-in for autoheal (COMPAT.md §5) reading its conf.yaml.
/// Each pass, in file order: a service that is not alive is restarted by its script when all its dependencies are up, and
/// skipped (logged, with which dependency) otherwise; the others go on. <c>--once</c> (the default, for cron): one pass, exit 0
/// when every service is alive or was restarted, 1 otherwise. <c>--every 60s</c>: a pass every interval until SIGTERM or
/// SIGINT (exit 0). <c>hale autoheal script -c conf.yaml</c> prints the same logic as a standalone POSIX sh script.
/// </summary>
internal static class AutohealCommand
{
    /// <summary>autoheal's configuration file: conf.yaml in the working directory.</summary>
    public const string DefaultConfig = "conf.yaml";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = Config();
        var once = new Option<bool>("--once") { Description = "One pass, then exit: 0 when every service is alive or restarted, 1 otherwise (the default)." };
        var every = new Option<string?>("--every") { Description = "A pass every DURATION (e.g. 60s, 5m) until stopped." };
        var command = new Command("autoheal", "autoheal's drop-in: restart the services of conf.yaml that are down, once their dependencies are up.")
        {
            config, once, every, ScriptCommand(stdout, stderr),
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(once) && result.GetValue(every) is not null)
            {
                result.AddError("--once and --every exclude each other");
            }
            else if (result.GetValue(every) is { } text && !(DurationParser.TryParse(text, out var interval, out var error) && interval > TimeSpan.Zero))
            {
                result.AddError($"--every: {error ?? $"'{text}' must be longer than 0"}");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            TimeSpan? interval = parse.GetValue(every) is { } text && DurationParser.TryParse(text, out var parsed, out _) ? parsed : null;
            return RunAsync(parse.GetValue(config)!, interval, parse.GetValue(GlobalOptions.LogLevel), stderr, cancellationToken);
        });
        return command;
    }

    private static Option<FileInfo> Config() => new("--config", "-c")
    {
        Description = $"autoheal's configuration file (default ./{DefaultConfig}).",
        DefaultValueFactory = _ => new FileInfo(DefaultConfig),
    };

    private static Command ScriptCommand(TextWriter stdout, TextWriter stderr)
    {
        var config = Config();
        var command = new Command("script", "Print a standalone POSIX sh script with the same logic, for hosts without Hale (e.g. > restart.sh, run from cron).")
        {
            config,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(config)!;
            if (ImportedConfig.ReadText(file, stderr) is not { } text)
            {
                return ExitCodes.Usage;
            }

            // The header names the file as given, so that the script is the same wherever it is generated from.
            var (model, problems) = AutohealImporter.Read(text, file.ToString());
            if (!ImportedConfig.Report(problems, stderr) || model is null)
            {
                return ExitCodes.Usage;
            }

            stdout.Write(AutohealScriptWriter.Write(model, file.ToString()));
            stdout.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo config, TimeSpan? every, LogLevel logLevel, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (ImportedConfig.ReadText(config, stderr) is not { } text)
        {
            return ExitCodes.Usage;
        }

        var converted = AutohealImporter.Instance.Import(text, config.FullName);
        if (!ImportedConfig.Report(converted, stderr) || converted.NativeYaml is null
            || ImportedConfig.Load(converted.NativeYaml, config.FullName, stderr) is not { } native)
        {
            return ExitCodes.Usage;
        }

        using var loggers = HaleLogging.Create(logLevel);
        var logger = loggers.CreateLogger("Autoheal");
        Environment.CurrentDirectory = config.DirectoryName!;
        if (every is not { } interval)
        {
            return await PassAsync(native, loggers, logger, cancellationToken) ? ExitCodes.Ok : ExitCodes.Failure;
        }

        await FixedRateLoop.RunUntilStoppedAsync(token => PassAsync(native, loggers, logger, token), interval, cancellationToken);
        logger.LogInformation("Autoheal stopped.");
        return ExitCodes.Ok;
    }

    /// <summary>One pass over the services; true when every one is alive or was restarted.</summary>
    private static async Task<bool> PassAsync(Config.HaleConfiguration native, ILoggerFactory loggers, ILogger logger, CancellationToken cancellationToken)
    {
        var pass = await OncePass.RunAsync(native.Services, MonotonicTimeProvider.System, loggers.CreateLogger("Hale.Services"), cancellationToken);
        if (pass.NotStarted.Count > 0)
        {
            logger.LogWarning("Pass done: not alive and not restarted: {Services}", string.Join(", ", pass.NotStarted));
            return false;
        }

        logger.LogInformation("Pass done: every service is alive");
        return true;
    }
}
