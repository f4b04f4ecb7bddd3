using System.CommandLine;
using Hale.Cli.Daemon;
using Hale.Config;
using Hale.Config.Importers;
using Hale.Config.Importers.Valet;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale valet [-p NAME] [-f FILE]</c>: ha_valet's drop-in (COMPAT §2). Runs <c>FILE</c> (default <c>./ha_valet.cfg</c>)
/// converted, on the same engine as <c>hale run</c>; <c>-p NAME</c> monitors only that logical name (an unknown name: a message,
/// exit 0, as ha_valet); <c>--log-dir DIR</c> also writes each process's log to <c>DIR/NAME.log</c>, rotated at 1 MB, as ha_valet
/// wrote a log per process.
/// </summary>
internal static class ValetCommand
{
    /// <summary>ha_valet's default configuration file.</summary>
    public const string DefaultFile = "ha_valet.cfg";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var process = new Option<string?>("-p", "--process") { Description = "Monitor only this logical name (a :Section of the file)." };
        var file = new Option<FileInfo>("-f", "--file")
        {
            Description = "The ha_valet configuration file.",
            DefaultValueFactory = _ => new FileInfo(DefaultFile),
        };
        var logDirectory = new Option<DirectoryInfo?>("--log-dir")
        {
            Description = "Also write each process's log to DIR/NAME.log (ha_valet's log per process), rotated at 1 MB with 5 backups.",
        };
        var command = new Command("valet", "ha_valet's drop-in: monitor the processes of ha_valet.cfg (active/standby failover), with Hale's engine.")
        {
            process, file, logDirectory,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(file)!, parse.GetValue(process), parse.GetValue(logDirectory), parse.GetValue(GlobalOptions.LogLevel), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        FileInfo file, string? name, DirectoryInfo? logDirectory, Microsoft.Extensions.Logging.LogLevel level, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names = [];
        if (name is not null || logDirectory is not null)
        {
            string text;
            try
            {
                text = HaleConfigLoader.ReadText(file.FullName);
            }
            catch (ConfigException ex)
            {
                ConfigErrors.Print(file, ex.Errors, stderr);
                return ExitCodes.Usage;
            }

            names = name is null ? [.. ValetImporter.SectionNames(text)] : [name];
            if (name is not null && !ValetImporter.SectionNames(text).Contains(name, StringComparer.Ordinal))
            {
                await stdout.WriteLineAsync($"No process named '{Hale.Text.SafeText.Escape(name)}' in {file.FullName}: nothing to monitor.");
                return ExitCodes.Ok;
            }
        }

        var source = new ConfigSource(file, ConfigFormat.Valet, name);
        var processLogs = logDirectory is null ? null : new ProcessLogs(logDirectory.FullName, names);
        return await RunCommand.RunAsync(new RunCommand.RunArguments(source, null, null, false, level) { ProcessLogs = processLogs }, stderr, cancellationToken);
    }
}
