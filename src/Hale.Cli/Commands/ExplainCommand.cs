using System.Net;
using System.CommandLine;
using System.Text.Json;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale explain NAME [-c FILE | --state-dir DIR]</c>: why a service, check, action, HAProxy server (<c>BACKEND/SERVER</c>)
/// or failover group of a running Hale is as it is: the engine's explanation (<c>GET /-/explain/NAME</c>) over the control
/// socket, its <c>text</c> printed. Several things with one name are all explained; <c>KIND/NAME</c> picks one kind. Exit 1
/// when nothing has that name (the message on stderr) or Hale cannot be reached.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var name = new Argument<string>("NAME")
        {
            Description = "A service, check, action, HAProxy server (BACKEND/SERVER) or failover group; KIND/NAME (service/web, check/web…) when several have the name.",
        };
        var command = new Command("explain", "Say why a service, check, action, HAProxy server or failover group of a running Hale is as it is: the rule, its inputs with their ages, and what would change it.")
        {
            name, config, stateDir,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable),
            parse.GetValue(name)!,
            stdout,
            stderr,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string socket, string name, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var client = ControlClient.Create(socket);
        try
        {
            var path = "-/explain/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
            using var response = await client.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await stderr.WriteLineAsync($"hale: {body}");
                return ExitCodes.Failure;
            }

            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"hale: {(int)response.StatusCode} {body}");
                return ExitCodes.Failure;
            }

            using var document = JsonDocument.Parse(body);
            await stdout.WriteAsync(document.RootElement.GetProperty("text").GetString());
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"hale: {socket} answered something that is not an explanation: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }
    }
}
