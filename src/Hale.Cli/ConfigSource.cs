using Hale.Config;
using Hale.Config.Importers;
using Hale.Config.Importers.Valet;

namespace Hale.Cli;

/// <summary>
/// A configuration file as a command names it: its format (<c>--format</c>, or detected from the content when null) and, for
/// <c>hale valet -p NAME</c>, the one ha_valet section to keep. Every load translates it into native YAML first, so what runs
/// is exactly what <c>hale convert</c> prints. Immutable.
/// </summary>
/// <param name="File">The file.</param>
/// <param name="Format">Its format, or null to detect it on every load.</param>
/// <param name="ValetSection">The ha_valet section to keep, or null for the whole file.</param>
internal sealed record ConfigSource(FileInfo File, ConfigFormat? Format = null, string? ValetSection = null)
{
    /// <summary>The file's native YAML, or the errors (a file that cannot be read is one error at line 0). Never throws.</summary>
    public ImportResult Translate()
    {
        string text;
        try
        {
            text = HaleConfigLoader.ReadText(File.FullName);
        }
        catch (ConfigException ex)
        {
            return new ImportResult(null, ex.Errors, []);
        }

        return ValetSection is { } only
            ? new ValetImporter().Import(text, File.FullName, only)
            : HaleConfigLoader.Translate(text, File.FullName, Format);
    }

    /// <summary>Translates and loads the file; the importer's warnings go to <paramref name="warn"/>.</summary>
    /// <exception cref="ConfigException">The file cannot be read, does not import, or its native YAML has errors.</exception>
    public HaleConfiguration Load(TimeProvider time, Action<string> warn)
    {
        var imported = Translate();
        foreach (var warning in imported.Warnings)
        {
            warn(warning);
        }

        if (imported.Errors.Count > 0 || imported.NativeYaml is null)
        {
            throw new ConfigException(imported.Errors.Count > 0 ? imported.Errors : [new ConfigError(File.FullName, 1, 0, "the import produced nothing")]);
        }

        return HaleConfigLoader.Parse(imported.NativeYaml, File.FullName, time);
    }
}
