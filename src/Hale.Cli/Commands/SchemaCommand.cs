using System.CommandLine;
using Hale.Config.Schema;

namespace Hale.Cli.Commands;

/// <summary><c>hale schema</c>: print the JSON Schema of hale.yaml (as published in <c>schema/hale.schema.json</c>).</summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command(
            "schema",
            "Print the JSON Schema (draft-07) of hale.yaml, for editors: '# yaml-language-server: $schema=PATH' at the top of a file.");
        command.SetAction(_ =>
        {
            stdout.Write(ConfigSchema.Generate());
            return ExitCodes.Ok;
        });
        return command;
    }
}
