using Hale.Hosting;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale status [--json] [-c FILE | --state-dir DIR]</c>: a table like <c>supervisorctl status</c> of a running Hale's services,
/// then its checks, over the control socket (<see cref="ControlSocketLocator"/>); with <c>--json</c>, the whole
/// <c>GET /-/status</c> document as Hale answered it.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var json = new Option<bool>("--json") { Description = "Print the whole status document (GET /-/status) as JSON." };
        var command = new Command("status", "Show the services (name, state, pid, uptime, restarts, waiting-for or last error) and checks of a running Hale.")
        {
            json, config, stateDir,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable),
            parse.GetValue(json),
            stdout,
            stderr,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socket, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (json)
        {
            var (text, parsed) = await FetchBothAsync(socket, stderr, cancellationToken);
            parsed?.Dispose();
            if (parsed is null)
            {
                return ExitCodes.Failure;
            }

            await stdout.WriteLineAsync(text.TrimEnd());
            return ExitCodes.Ok;
        }

        using var document = await FetchAsync(socket, stderr, cancellationToken);
        if (document is null)
        {
            return ExitCodes.Failure;
        }

        await stdout.WriteAsync(StatusTable.Render(document.RootElement));
        return ExitCodes.Ok;
    }

    /// <summary>Reads <c>GET /-/status</c> over the control socket; null (the reason on stderr) when Hale cannot be reached.</summary>
    internal static async Task<JsonDocument?> FetchAsync(string socket, TextWriter stderr, CancellationToken cancellationToken) =>
        (await FetchBothAsync(socket, stderr, cancellationToken)).Document;

    /// <summary>Reads <c>GET /-/status</c>: its text and the parsed document; a null document (the reason on stderr) when Hale cannot be reached.</summary>
    private static async Task<(string Text, JsonDocument? Document)> FetchBothAsync(string socket, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var client = ControlClient.Create(socket);
        try
        {
            var text = await client.GetStringAsync("-/status", cancellationToken);
            return (text, JsonDocument.Parse(text));
        }
        catch (JsonException ex)
        {
            await stderr.WriteLineAsync($"hale: {socket} answered something that is not Hale's status: {ex.Message}");
            return (string.Empty, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return (string.Empty, null);
        }
    }
}
