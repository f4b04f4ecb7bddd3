using Hale.Hosting;
using System.CommandLine;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale ctl start|stop|restart|reset SERVICE [-c FILE | --state-dir DIR]</c>: an operator's command to a running Hale, over
/// its control socket (<see cref="ControlSocketLocator"/>).
/// </summary>
internal static class CtlCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var verb = new Argument<string>("command") { Description = "start, stop, restart or reset" };
        verb.AcceptOnlyFromAmong("start", "stop", "restart", "reset");
        var service = new Argument<string>("service") { Description = "The service's name." };
        var command = new Command("ctl", "Start, stop, restart or reset (clear a hold and the backoff) a service of a running Hale.") { verb, service, config, stateDir };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable),
            parse.GetValue(verb)!,
            parse.GetValue(service)!,
            stdout,
            stderr,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socket, string verb, string service, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
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
