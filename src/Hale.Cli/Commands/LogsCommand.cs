using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using Hale.Cli.Runtime;
using Hale.Services;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale logs NAME [-f] [-n N] [--stderr | --stdout] [-t] [-c FILE | --state-dir DIR]</c>: the last lines a service's child
/// wrote, from a running Hale over its control socket (<c>GET /-/services/NAME/logs</c>), as <c>supervisorctl tail [-f]</c>.
/// With <c>-f</c> it keeps printing each new line as Hale reads it, until interrupted (exit 0), or until the service is removed
/// or Hale stops (said on stderr, exit 0). An unknown service or an unreachable Hale is an error on stderr, exit 1.
/// </summary>
internal static class LogsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var service = new Argument<string>("service") { Description = "The service's name." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as the service writes them (Ctrl-C ends)." };
        var lines = new Option<int>("--lines", "-n")
        {
            Description = "How many of the newest kept lines to print first (default 10; with -f, 0 prints only new lines).",
            DefaultValueFactory = _ => 10,
        };
        var stderrOnly = new Option<bool>("--stderr") { Description = "Only the lines written to stderr." };
        var stdoutOnly = new Option<bool>("--stdout") { Description = "Only the lines written to stdout." };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Prefix each line with the time Hale read it (UTC) and its stream." };
        var command = new Command("logs", "Print the recent output lines of a service of a running Hale, and follow new ones with -f.")
        {
            service, follow, lines, stderrOnly, stdoutOnly, timestamps, config, stateDir,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(lines) is < 0 or > ServiceLogOptions.MaxLines)
            {
                result.AddError($"--lines: expected a number from 0 to {ServiceLogOptions.MaxLines}");
            }

            if (result.GetValue(stderrOnly) && result.GetValue(stdoutOnly))
            {
                result.AddError("--stderr and --stdout exclude each other (give neither for both streams)");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var stream = parse.GetValue(stderrOnly) ? "stderr" : parse.GetValue(stdoutOnly) ? "stdout" : "all";
            var name = parse.GetValue(service)!;
            var query = string.Create(CultureInfo.InvariantCulture, $"-/services/{Uri.EscapeDataString(name)}/logs?lines={parse.GetValue(lines)}&stream={stream}")
                + (parse.GetValue(follow) ? "&follow=1" : string.Empty)
                + (parse.GetValue(timestamps) ? "&timestamps=1" : string.Empty);
            var socket = ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable);
            return RunAsync(socket, query, name, parse.GetValue(follow), stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string socket, string query, string service, bool follow, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var client = ControlClient.Create(socket);
        if (follow)
        {
            client.Timeout = Timeout.InfiniteTimeSpan;
        }

        try
        {
            using var response = await client.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await stderr.WriteLineAsync($"hale: no service named '{service}'");
                return ExitCodes.Failure;
            }

            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"hale: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return ExitCodes.Failure;
            }

            await CopyAsync(await response.Content.ReadAsStreamAsync(cancellationToken), stdout, cancellationToken);
            if (follow)
            {
                await stderr.WriteLineAsync($"hale: the log of '{service}' ended: the service was removed or Hale stopped");
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException or IOException)
        {
            await stderr.WriteLineAsync($"hale: {ControlClient.Explain(socket, ex)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Prints what arrives as it arrives (a follower's lines must not wait in a buffer).</summary>
    private static async Task CopyAsync(Stream body, TextWriter stdout, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stdout.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await stdout.FlushAsync(cancellationToken);
        }
    }
}
