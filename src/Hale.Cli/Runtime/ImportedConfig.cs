using Hale.Config;
using Hale.Config.Importers;

namespace Hale.Cli.Runtime;

/// <summary>
/// What the drop-in commands (<c>hale heartbeat</c>, <c>hale autoheal</c>) share: reading the original file, printing an
/// importer's errors (<c>FILE:LINE:COL: message</c>) and warnings (<c>FILE:LINE: message</c>) on stderr, and loading the
/// generated native YAML, so that a drop-in runs exactly what <c>hale convert</c> prints.
/// </summary>
internal static class ImportedConfig
{
    /// <summary>The file's text (strict UTF-8, as the native loader reads files); null after printing why it cannot be read.</summary>
    public static string? ReadText(FileInfo file, TextWriter stderr)
    {
        try
        {
            return ConfigText.Decode(File.ReadAllBytes(file.FullName), file.FullName);
        }
        catch (ConfigException ex)
        {
            return Report(ex.Errors, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
            stderr.WriteLine($"{file.FullName}:0:0: cannot read the configuration: {reason}");
            return null;
        }
    }

    /// <summary>Prints the warnings and errors of an import; true when there are no errors.</summary>
    public static bool Report(ImportResult problems, TextWriter stderr)
    {
        foreach (var warning in problems.Warnings)
        {
            stderr.WriteLine(warning);
        }

        return problems.Errors.Count == 0 || Report(problems.Errors, stderr) is not null;
    }

    /// <summary>Loads the native YAML an importer made; null after printing the errors (a bug of the importer, reported as such).</summary>
    public static HaleConfiguration? Load(string yaml, string path, TextWriter stderr)
    {
        try
        {
            return HaleConfigLoader.Parse(yaml, path, MonotonicTimeProvider.System);
        }
        catch (ConfigException ex)
        {
            stderr.WriteLine($"{path}: the converted configuration does not load (please report this, with the file):");
            Report(ex.Errors, stderr);
            return null;
        }
    }

    private static string? Report(IReadOnlyList<ConfigError> errors, TextWriter stderr)
    {
        foreach (var error in errors)
        {
            stderr.WriteLine(error.ToString());
        }

        stderr.WriteLine($"{errors[0].File}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
        return null;
    }
}
