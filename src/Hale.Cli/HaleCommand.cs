using System.CommandLine;
using System.Reflection;
using Hale.Cli.Commands;

namespace Hale.Cli;

/// <summary>The <c>hale</c> root command.</summary>
internal static class HaleCommand
{
    public static string Version { get; } =
        typeof(HaleCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private const string Description = "Hale: keeps services alive and tells load balancers the truth about them.";

    // Every command by name, built on demand: `hale status` builds only its own command, not the other twelve.
    private static readonly (string Name, Func<TextWriter, TextWriter, Command> Create)[] Commands =
    [
        ("run", (_, stderr) => RunCommand.Create(stderr)),
        ("check", CheckCommand.Create),
        ("convert", ConvertCommand.Create),
        ("valet", ValetCommand.Create),
        ("status", StatusCommand.Create),
        ("logs", LogsCommand.Create),
        ("explain", ExplainCommand.Create),
        ("summary", SummaryCommand.Create),
        ("ctl", CtlCommand.Create),
        ("supervisor-haproxy", (_, stderr) => SupervisorHAProxyCommand.Create(stderr)),
        ("heartbeat", (_, stderr) => HeartbeatCommand.Create(stderr)),
        ("autoheal", AutohealCommand.Create),
        ("schema", (stdout, _) => SchemaCommand.Create(stdout)),
    ];

    /// <summary>The whole command tree (what <c>hale --help</c> shows).</summary>
    public static RootCommand Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(Description);
        foreach (var (_, create) in Commands)
        {
            root.Subcommands.Add(create(stdout, stderr));
        }

        root.Options.Add(GlobalOptions.LogLevel);
        return root;
    }

    /// <summary>
    /// The tree for <paramref name="args"/>: when the first argument names a command, a root with that command alone (it
    /// parses and runs the same; start-up of a quick command such as <c>hale status</c> skips building the others);
    /// otherwise (<c>--help</c>, <c>--version</c>, a mistyped command) the whole tree.
    /// </summary>
    internal static RootCommand CreateFor(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && Array.FindIndex(Commands, c => c.Name == args[0]) is var index and >= 0)
        {
            var root = new RootCommand(Description) { Commands[index].Create(stdout, stderr) };
            root.Options.Add(GlobalOptions.LogLevel);
            return root;
        }

        return Create(stdout, stderr);
    }

    /// <summary>Parses and runs; a usage error prints the errors and exits 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = CreateFor(args, stdout, stderr).Parse(args);
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
