using System.CommandLine;
using System.Reflection;
using Hale.Cli.Commands;

namespace Hale.Cli;

/// <summary>The <c>hale</c> root command.</summary>
internal static class HaleCommand
{
    public static string Version { get; } =
        typeof(HaleCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static RootCommand Create(TextWriter stdout, TextWriter stderr) => new("Hale: keeps services alive and tells load balancers the truth about them.")
    {
        RunCommand.Create(stderr),
        CheckCommand.Create(stdout, stderr),
        ConvertCommand.Create(stdout, stderr),
        ValetCommand.Create(stdout, stderr),
        StatusCommand.Create(stdout, stderr),
        LogsCommand.Create(stdout, stderr),
        ExplainCommand.Create(stdout, stderr),
        SummaryCommand.Create(stdout, stderr),
        CtlCommand.Create(stdout, stderr),
        SupervisorHAProxyCommand.Create(stderr),
        HeartbeatCommand.Create(stderr),
        AutohealCommand.Create(stdout, stderr),
        SchemaCommand.Create(stdout),
        GlobalOptions.LogLevel,
    };

    /// <summary>Parses and runs; a usage error prints the errors and exits 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = Create(stdout, stderr).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"hale: {error.Message}");
            }

            await stderr.WriteLineAsync("Try 'hale --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
    }
}
