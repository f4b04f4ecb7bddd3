using System.CommandLine;

namespace Hale.Cli.Commands;

/// <summary><c>hale check -c FILE</c>: validate a configuration without running anything.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.Config();
        var format = GlobalOptions.Format();
        var command = new Command("check", "Validate a configuration file: exit 0 when valid, 2 with every error as FILE:LINE:COL: message.") { config, format };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(config)!;
            var loaded = ConfigErrors.TryLoad(new ConfigSource(file, parse.GetValue(format)), stderr, MonotonicTimeProvider.System);
            if (loaded is null)
            {
                return ExitCodes.Usage;
            }

            foreach (var warning in loaded.Warnings)
            {
                stderr.WriteLine($"{file.FullName}: warning: {warning}");
            }

            stdout.WriteLine($"{file.FullName}: OK ({loaded.Components.Count} checks)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
