using Hale.Hosting;
using System.CommandLine;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary><c>hale ctl start|stop|restart|reset SERVICE -c FILE</c>: an operator's command to a running Hale, over its control socket.</summary>
internal static class CtlCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.Config();
        var verb = new Argument<string>("command") { Description = "start, stop, restart or reset" };
        verb.AcceptOnlyFromAmong("start", "stop", "restart", "reset");
        var service = new Argument<string>("service") { Description = "The service's name." };
        var command = new Command("ctl", "Start, stop, restart or reset (clear a hold and the backoff) a service of a running Hale.") { verb, service, config };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(config)!, parse.GetValue(verb)!, parse.GetValue(service)!, stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string verb, string service, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var loaded = ConfigErrors.TryLoad(file, stderr, TimeProvider.System);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        var socket = HaleEngine.ControlSocketPath(loaded);
        using var client = ControlClient.Create(socket);
        try
        {
            using var response = await client.PostAsync($"-/services/{Uri.EscapeDataString(service)}/{verb}", content: null, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                await stderr.WriteLineAsync($"hale: no service named '{service}'");
                return ExitCodes.Failure;
            }

            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"hale: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return ExitCodes.Failure;
            }

            await stdout.WriteLineAsync($"{service}: {verb} requested");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }
    }
}
