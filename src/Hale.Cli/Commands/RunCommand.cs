using System.CommandLine;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Hale.Cli.Daemon;
using Hale.Cli.Runtime;
using Hale.Hosting;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale run -c FILE</c>: Hale's main job in the foreground (systemd, containers): services, checks and actions until
/// SIGTERM or SIGINT (services stopped in reverse order, exit 0); SIGHUP reloads the file (a bad file is rejected and the
/// old configuration keeps running). <c>--once</c>: one pass, then exit (autoheal's and heartbeat's run-once).
/// Either way one Hale per <c>state_dir</c>: a second exits 1 with <c>hale: already running (pid N)</c> (<see cref="StateDirectoryLock"/>).
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stderr)
    {
        var config = GlobalOptions.Config();
        var format = GlobalOptions.Format();
        var pidFile = new Option<FileInfo?>("--pidfile", "--pid-file") { Description = "Write the pid here, holding an exclusive lock: a second instance fails at once." };
        var logFile = new Option<FileInfo?>("--log-file") { Description = "Also log to this file, rotated at 1 MB with 5 backups." };
        var once = new Option<bool>("--once") { Description = "One pass: start what is down and allowed, run the actions once, then exit (non-zero if something could not be started)." };
        var command = new Command("run", "Run Hale in the foreground: supervise services, serve checks over HTTP, run actions; until SIGTERM or SIGINT.")
        {
            config, format, pidFile, logFile, once,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new RunArguments(new ConfigSource(parse.GetValue(config)!, parse.GetValue(format)), parse.GetValue(pidFile), parse.GetValue(logFile), parse.GetValue(once), parse.GetValue(GlobalOptions.LogLevel)),
            stderr,
            cancellationToken));
        return command;
    }

    /// <summary>Runs <paramref name="args"/> until SIGTERM or SIGINT (or one pass with <c>--once</c>); also <c>hale valet</c>'s engine.</summary>
    internal static async Task<int> RunAsync(RunArguments args, TextWriter stderr, CancellationToken cancellationToken)
    {
        var loaded = ConfigErrors.TryLoad(args.Source, stderr, MonotonicTimeProvider.System);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        // One Hale per state directory, locked before anything there is touched (socket, leftovers, operator state).
        using var stateLock = await StateDirectoryLock.TryAcquireAsync(loaded.StateDirectory, stderr, MonotonicTimeProvider.System, cancellationToken);
        if (stateLock is null)
        {
            return ExitCodes.Failure;
        }

        PidFileLock? pidLock = null;
        if (args.PidFile is { } pidPath)
        {
            try
            {
                pidLock = PidFileLock.Acquire(pidPath.FullName);
            }
            catch (PidFileLockException ex)
            {
                await stderr.WriteLineAsync(ex.Message);
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"hale: cannot write the pid file {pidPath.FullName}: {ex.Message}");
                return ExitCodes.Failure;
            }
        }

        using var pidFileLock = pidLock;
        ILoggerFactory loggers;
        try
        {
            loggers = HaleLogging.Create(args.LogLevel, args.LogFile is { } f ? new RotatingFileLoggerOptions { Path = f.FullName } : null, processLogs: args.ProcessLogs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var what = args.LogFile is { } logFile ? $"the log file {logFile.FullName}" : $"the log directory {args.ProcessLogs?.Directory}";
            await stderr.WriteLineAsync($"hale: cannot open {what}: {ex.Message}");
            return ExitCodes.Failure;
        }

        using (loggers)
        {
            // Commands, working directories and relative paths of the configuration are all relative to its folder.
            Environment.CurrentDirectory = Path.GetDirectoryName(args.Config.FullName)!;
            return args.Once
                ? await OnceRun.RunAsync(loaded, loggers, cancellationToken)
                : await ServeAsync(args, loaded, loggers, stderr, cancellationToken);
        }
    }

    private static async Task<int> ServeAsync(RunArguments args, Config.HaleConfiguration loaded, ILoggerFactory loggers, TextWriter stderr, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Hale");
        var systemd = SystemdNotifier.FromProcessEnvironment();
        var signals = Channel.CreateUnbounded<PosixSignal>();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, signals));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, signals));
        var hangUpWasIgnored = ReloadSignal.Unignore();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => OnSignal(c, signals));

        var runtime = new HaleEngine(loaded, new HaleEngineOptions { LoggerFactory = loggers });
        try
        {
            await runtime.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            await runtime.DisposeAsync();
            await stderr.WriteLineAsync($"hale: cannot listen on {string.Join(", ", loaded.Listen)}: {ex.Message}");
            return ExitCodes.Failure;
        }

        await using (runtime)
        {
            logger.LogInformation(
                "Hale {Version} running {File}: {Services} services, {Checks} checks, {Actions} actions; state in {StateDirectory}",
                HaleCommand.Version, args.Config.FullName, loaded.Services.Count, loaded.Components.Count, loaded.Actions.Count, loaded.StateDirectory);
            if (hangUpWasIgnored)
            {
                logger.LogInformation("SIGHUP was ignored when Hale started (nohup?): Hale takes it all the same, as the signal to reload");
            }

            using var watchdogStop = new CancellationTokenSource();
            systemd.Ready($"{loaded.Services.Count} services, {loaded.Components.Count} checks");
            var watchdog = systemd.RunWatchdogAsync(MonotonicTimeProvider.System, watchdogStop.Token);
            var trim = StartupMemoryTrim.RunAsync(TimeSpan.FromSeconds(5), MonotonicTimeProvider.System, logger, watchdogStop.Token);
            await foreach (var signal in signals.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (signal != PosixSignal.SIGHUP)
                {
                    break;
                }

                systemd.Reloading();
                await ReloadAsync(runtime, args.Source, logger, cancellationToken);
                systemd.Ready($"{runtime.Configuration.Services.Count} services, {runtime.Configuration.Components.Count} checks");
            }

            logger.LogInformation("Stopping: demoting actions, draining servers, stopping services (dependents first)");
            systemd.Stopping();
            await runtime.StopAsync();
            await watchdogStop.CancelAsync();
            await watchdog;
            await trim;
        }

        logger.LogInformation("Stopped");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Loads the file again and applies it; never throws (but for cancellation at shutdown): a file with errors, or a
    /// failure while applying it, is logged as "Reload rejected" with every error as FILE:LINE:COL: message, and the
    /// running configuration is kept.
    /// </summary>
    private static async Task ReloadAsync(HaleEngine runtime, ConfigSource source, ILogger logger, CancellationToken cancellationToken)
    {
        var file = source.File;
        logger.LogInformation("SIGHUP: reloading {File}", file.FullName);
        Config.HaleConfiguration next;
        try
        {
            next = source.Load(MonotonicTimeProvider.System, warning => logger.LogWarning("Reload: {Warning}", warning));
        }
        catch (Config.ConfigException ex)
        {
            foreach (var error in ex.Errors)
            {
                logger.LogError("Reload error: {Error}", error.ToString());
            }

            logger.LogError(
                "Reload rejected: {File} has {Count} error(s), the first {FirstError}; the running configuration is kept",
                file.FullName, ex.Errors.Count, ex.Errors[0].ToString());
            return;
        }

        try
        {
            await runtime.ApplyAsync(next, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A reload must never stop the daemon and the services it owns.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError("Reload rejected: applying {File} failed: {Error}; the running configuration is kept", file.FullName, $"{ex.GetType().Name}: {ex.Message}");
            logger.LogDebug(ex, "Reload of {File} failed", file.FullName);
        }
    }

    private static void OnSignal(PosixSignalContext context, Channel<PosixSignal> signals)
    {
        context.Cancel = true;
        signals.Writer.TryWrite(context.Signal);
    }

    /// <summary>What <c>hale run</c> was asked to do.</summary>
    internal sealed record RunArguments(ConfigSource Source, FileInfo? PidFile, FileInfo? LogFile, bool Once, LogLevel LogLevel)
    {
        public FileInfo Config => Source.File;

        /// <summary>A log file per process (<c>hale valet --log-dir</c>), or null.</summary>
        public ProcessLogs? ProcessLogs { get; init; }
    }
}
