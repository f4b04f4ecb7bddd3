using Hale.Hosting;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale status [-c FILE | --state-dir DIR]</c>: a table like <c>supervisorctl status</c> of a running Hale's services, then
/// its checks, over the control socket (<see cref="ControlSocketLocator"/>).
/// </summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var command = new Command("status", "Show the services (name, state, pid, uptime, restarts, waiting-for or last error) and checks of a running Hale.")
        {
            config, stateDir,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable),
            stdout,
            stderr,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socket, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var document = await FetchAsync(socket, stderr, cancellationToken);
        if (document is null)
        {
            return ExitCodes.Failure;
        }

        await stdout.WriteAsync(StatusTable.Render(document.RootElement));
        return ExitCodes.Ok;
    }

    /// <summary>Reads <c>GET /-/status</c> over the control socket; null (the reason on stderr) when Hale cannot be reached.</summary>
    internal static async Task<JsonDocument?> FetchAsync(string socket, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var client = ControlClient.Create(socket);
        try
        {
            return JsonDocument.Parse(await client.GetStringAsync("-/status", cancellationToken));
        }
        catch (JsonException ex)
        {
            await stderr.WriteLineAsync($"hale: {socket} answered something that is not Hale's status: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return null;
        }
    }
}
