using Hale.Hosting;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary><c>hale status -c FILE</c>: a table like <c>supervisorctl status</c> of a running Hale's services, then its checks.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.Config();
        var command = new Command("status", "Show the services (name, state, pid, uptime, restarts, waiting-for or last error) and checks of a running Hale.") { config };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config)!, stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var loaded = ConfigErrors.TryLoad(file, stderr, TimeProvider.System);
        if (loaded is null)
        {
            return ExitCodes.Usage;
        }

        var socket = HaleEngine.ControlSocketPath(loaded);
        using var client = ControlClient.Create(socket);
        string json;
        try
        {
            json = await client.GetStringAsync("-/status", cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }

        using var document = JsonDocument.Parse(json);
        await stdout.WriteAsync(StatusTable.Render(document.RootElement));
        return ExitCodes.Ok;
    }
}
