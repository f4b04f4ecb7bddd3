using System.CommandLine;
using Hale.Config;

namespace Hale.Cli.Commands;

/// <summary>
/// <c>hale convert -c FILE [--format F]</c>: prints the native YAML equivalent of a file in any format Hale reads (commented where
/// behaviour differs from the original, and why): exactly what <c>hale run</c> runs for it. Exit 0; errors as <c>hale check</c>
/// prints them (<c>FILE:LINE:COL: message</c>, exit 2); the importer's warnings on stderr.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = GlobalOptions.Config();
        var format = GlobalOptions.Format();
        var command = new Command("convert", "Print the native YAML equivalent of a configuration file (ha_valet.cfg, heartbeat.conf, autoheal conf.yaml or hale.yaml).")
        {
            config, format,
        };
        command.SetAction(parse =>
        {
            var source = new ConfigSource(parse.GetValue(config)!, parse.GetValue(format));
            var imported = source.Translate();
            foreach (var warning in imported.Warnings)
            {
                stderr.WriteLine(warning);
            }

            if (imported.Errors.Count > 0 || imported.NativeYaml is not { } yaml)
            {
                ConfigErrors.Print(source.File, imported.Errors, stderr);
                return ExitCodes.Usage;
            }

            try
            {
                // What is printed must load: a converted file the native loader rejects is reported, not printed.
                HaleConfigLoader.Parse(yaml, source.File.FullName, MonotonicTimeProvider.System);
            }
            catch (ConfigException ex)
            {
                ConfigErrors.Print(source.File, ex.Errors, stderr);
                return ExitCodes.Usage;
            }

            stdout.Write(yaml);
            return ExitCodes.Ok;
        });
        return command;
    }
}
