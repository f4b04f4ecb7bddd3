using System.CommandLine;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale summary [-c FILE | --state-dir DIR]</c>: like <c>monit summary</c>, one line per service, check, HAProxy server and
/// failover group of a running Hale (<see cref="SummaryTable"/>), over the control socket. Exit 1 when Hale cannot be reached.
/// </summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var command = new Command("summary", "One line per service, check, HAProxy server and failover group of a running Hale: name, status, type (like monit summary).")
        {
            config, stateDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var socket = ControlSocketLocator.Find(parse.GetValue(stateDir)?.FullName, parse.GetValue(config)?.FullName, Environment.GetEnvironmentVariable);
            using var document = await StatusCommand.FetchAsync(socket, stderr, cancellationToken);
            if (document is null)
            {
                return ExitCodes.Failure;
            }

            await stdout.WriteAsync(SummaryTable.Render(document.RootElement));
            return ExitCodes.Ok;
        });
        return command;
    }
}
