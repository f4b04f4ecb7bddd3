using Hale.Hosting;
using System.CommandLine;
using Hale.Cli.Runtime;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale explain NAME [-c FILE | --state-dir DIR]</c>: why a failover group, service or check of a running Hale is as it is
/// (<see cref="Explanation"/>), over the control socket. Exit 1 when nothing has that name or Hale cannot be reached.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.ControlConfig();
        var stateDir = GlobalOptions.StateDirectory();
        var name = new Argument<string>("NAME") { Description = "A failover group, service or check." };
        var command = new Command("explain", "Say why a failover group (role, rule, leader, members, lease), service or check of a running Hale is as it is.")
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
        using var document = await StatusCommand.FetchAsync(socket, stderr, cancellationToken);
        if (document is null)
        {
            return ExitCodes.Failure;
        }

        if (Explanation.Render(document.RootElement, name) is not { } text)
        {
            await stderr.WriteLineAsync($"hale: no group, service or check named '{name}'");
            return ExitCodes.Failure;
        }

        await stdout.WriteAsync(text);
        return ExitCodes.Ok;
    }
}
