using Hale.Hosting;
using System.CommandLine;
using System.Globalization;
using Hale.Cli.Runtime;
using Hale.Processes;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale ctl start|stop|restart|reset SERVICE [-c FILE | --state-dir DIR]</c> and <c>hale ctl signal SERVICE SIGNAL</c>: an
/// operator's command to a running Hale, over its control socket (<see cref="ControlSocketLocator"/>).
/// </summary>
internal static class CtlCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var verb = new Argument<string>("command") { Description = "start, stop, restart, reset or signal" };
        verb.AcceptOnlyFromAmong("start", "stop", "restart", "reset", "signal");
        var service = new Argument<string>("service") { Description = "The service's name." };
        var signal = new Argument<string?>("signal")
        {
            Description = "For signal: a name such as TERM, SIGHUP, USR1, KILL, or a number (1-64).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command(
            "ctl",
            "Start, stop, restart or reset (clear a hold and the backoff) a service of a running Hale, or send a signal to its main process.")
        {
            verb, service, signal, config, stateDir,
        };
        command.Validators.Add(result =>
        {
            var isSignal = result.GetValue(verb) == "signal";
            var text = result.GetValue(signal);
            if (isSignal && text is null)
            {
                result.AddError("ctl signal needs a signal: hale ctl signal SERVICE SIGNAL (e.g. HUP, USR1, TERM, 9)");
            }
            else if (!isSignal && text is not null)
            {
                result.AddError($"unexpected argument '{text}': only 'ctl signal' takes a third argument");
            }
            else if (isSignal && !ProcessSignals.TryParse(text, out _))
            {
                result.AddError($"unknown signal '{text}': expected a name such as TERM, SIGHUP, USR1 or KILL, or a number from 1 to 64");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(verb) is "signal"
                ? $"signal/{ProcessSignals.Parse(parse.GetValue(signal)!).ToString(CultureInfo.InvariantCulture)}"
                : parse.GetValue(verb)!;
            var socket = ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable);
            return RunAsync(socket, path, parse.GetValue(service)!, stdout, stderr, cancellationToken);
        });
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

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                await stderr.WriteLineAsync($"hale: {service}: {body}");
                return ExitCodes.Failure;
            }

            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"hale: {(int)response.StatusCode} {body}");
                return ExitCodes.Failure;
            }

            await stdout.WriteLineAsync(verb.StartsWith("signal/", StringComparison.Ordinal) ? $"{service}: {body}" : $"{service}: {verb} requested");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }
    }
}
