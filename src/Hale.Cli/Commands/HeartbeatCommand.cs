using System.CommandLine;
using Hale.Cli.Daemon;
using Hale.Cli.Runtime;
using Hale.Config.Importers.Heartbeat;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale heartbeat [-c FILE] [-d]</c>: a drop-in for heartbeat.py (COMPAT.md §4) reading its heartbeat.conf. One cycle in
/// the foreground, then <c>One-time run-through complete. Goodbye.</c> and exit 0; with <c>-d</c> or <c>daemonize</c>, a cycle
/// every <c>interval</c> until SIGTERM or SIGINT (still in the foreground: Hale does not detach). The pid file is an exclusive
/// lock (a second instance prints <c>Failed to acquire exclusive lock on PATH.</c> and exits 1, leaving the file alone); the
/// log goes to stderr and to <c>logfile</c>, rotated at 1 MB with 4 backups. Relative paths are relative to the file's folder.
/// </summary>
internal static class HeartbeatCommand
{
    /// <summary>heartbeat.py's default configuration file.</summary>
    public const string DefaultConfig = "/usr/local/etc/wiredrive/heartbeat.conf";

    public static Command Create(TextWriter stderr)
    {
        var config = new Option<FileInfo>("--config", "-c")
        {
            Description = $"heartbeat's configuration file (default {DefaultConfig}).",
            DefaultValueFactory = _ => new FileInfo(DefaultConfig),
        };
        var daemonize = new Option<bool>("--daemonize", "-d") { Description = "Run a cycle every interval until stopped (in the foreground)." };
        var command = new Command("heartbeat", "heartbeat.py's drop-in: probe the checks of heartbeat.conf, then run the promotions (all healthy) or demotions.")
        {
            config, daemonize,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var level = parse.GetResult(GlobalOptions.LogLevel) is { Implicit: false } ? parse.GetValue(GlobalOptions.LogLevel) : (LogLevel?)null;
            return RunAsync(parse.GetValue(config)!, parse.GetValue(daemonize), level, stderr, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo config, bool daemonize, LogLevel? logLevel, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (ImportedConfig.ReadText(config, stderr) is not { } text)
        {
            return ExitCodes.Usage;
        }

        var (file, problems) = HeartbeatImporter.Read(text, config.FullName);
        if (!ImportedConfig.Report(problems, stderr) || file is null)
        {
            return ExitCodes.Usage;
        }

        var converted = HeartbeatImporter.Instance.Import(text, config.FullName);
        if (converted.NativeYaml is null || ImportedConfig.Load(converted.NativeYaml, config.FullName, stderr) is not { } native)
        {
            return ExitCodes.Usage;
        }

        var folder = config.DirectoryName!;
        PidFileLock pidLock;
        try
        {
            pidLock = PidFileLock.Acquire(Path.GetFullPath(file.General.PidFile, folder));
        }
        catch (PidFileLockException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"hale heartbeat: cannot write the pid file {file.General.PidFile}: {ex.Message}");
            return ExitCodes.Failure;
        }

        using (pidLock)
        {
            ILoggerFactory loggers;
            try
            {
                var logFile = new RotatingFileLoggerOptions { Path = Path.GetFullPath(file.General.LogFile, folder), Backups = 4 };
                loggers = HaleLogging.Create(logLevel ?? Level(file.General.LogLevel), logFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"hale heartbeat: cannot open the log file {file.General.LogFile}: {ex.Message}");
                return ExitCodes.Failure;
            }

            using (loggers)
            {
                Environment.CurrentDirectory = folder;
                return await RunCyclesAsync(file, native, loggers.CreateLogger("Heartbeat"), daemonize || file.General.Daemonize, cancellationToken);
            }
        }
    }

    private static async Task<int> RunCyclesAsync(HeartbeatFile file, Config.HaleConfiguration native, ILogger logger, bool daemon, CancellationToken cancellationToken)
    {
        logger.LogInformation("Heartbeat started ({Pid}). Mode: {Mode}.", Environment.ProcessId, daemon ? "Daemon" : "Run Once");
        logger.LogInformation("Log level: {Level}.", file.General.LogLevel);
        if (file.General.User is { } user && user != Environment.UserName)
        {
            logger.LogWarning("user = {User}: Hale does not switch user; running as {Current} (start hale heartbeat as {User})", user, Environment.UserName, user);
        }

        var cycle = new HeartbeatCycle(file, native, logger, file.General.Threads ?? Math.Max(1, Environment.ProcessorCount - 1));
        if (!daemon)
        {
            await cycle.RunAsync(cancellationToken);
            logger.LogInformation("One-time run-through complete. Goodbye.");
            return ExitCodes.Ok;
        }

        await FixedRateLoop.RunUntilStoppedAsync(cycle.RunAsync, TimeSpan.FromSeconds((double)file.General.IntervalSeconds), cancellationToken);
        logger.LogInformation("Heartbeat stopped.");
        return ExitCodes.Ok;
    }

    private static LogLevel Level(string level) => level switch
    {
        "DEBUG" => LogLevel.Debug,
        "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
