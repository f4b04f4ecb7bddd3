using System.CommandLine;
using System.Runtime.InteropServices;
using Hale.Hosting;
using Microsoft.Extensions.Logging;

namespace Hale.Cli.Commands;

/// <summary><c>hale run -c FILE</c>: serve the configuration's checks in the foreground until SIGTERM or SIGINT.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stderr)
    {
        var config = GlobalOptions.Config();
        var command = new Command("run", "Run Hale in the foreground: serve every check of the configuration over HTTP until SIGTERM or SIGINT.") { config };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config)!, parse.GetValue(GlobalOptions.LogLevel), stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, LogLevel logLevel, TextWriter stderr, CancellationToken cancellationToken)
    {
        var loaded = ConfigErrors.TryLoad(file, stderr, TimeProvider.System);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        using var loggerFactory = HaleLogging.Create(logLevel);
        var logger = loggerFactory.CreateLogger("Hale");
        await using var server = new HealthCheckServer(new HealthCheckServerOptions { Listen = [.. loaded.Listen], LoggerFactory = loggerFactory });
        foreach (var component in loaded.Components)
        {
            server.AddComponent(new Component(component.Check, component.OnPost, component.Serve));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        try
        {
            await server.StartAsync(stop.Token);
        }
        catch (IOException ex)
        {
            stderr.WriteLine($"hale: cannot listen on {string.Join(", ", loaded.Listen)}: {ex.Message}");
            return ExitCodes.Failure;
        }

        logger.LogInformation("Hale {Version} running {File}; state in {StateDirectory}", HaleCommand.Version, file.FullName, loaded.StateDirectory);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        logger.LogInformation("Stopping");
        await server.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
