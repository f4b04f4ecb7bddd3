using Hale.Config.Importers;

namespace Hale.Config;

/// <summary>
/// Loads Hale's native YAML configuration (<c>hale.yaml</c>) into core checks.
/// Loading starts nothing: no probe runs and no timer is created.
/// </summary>
public static class HaleConfigLoader
{
    /// <summary>Reads and loads a configuration file.</summary>
    /// <param name="path">The file; relative paths inside it are relative to its folder.</param>
    /// <param name="timeProvider">The clock given to every check; <see cref="MonotonicTimeProvider.System"/> when null.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigException">
    /// The file cannot be read (one error at line 0, column 0), is not valid UTF-8 (one error at the line and column of the
    /// first bad byte; UTF-16 and UTF-32 with a byte-order mark are accepted too) or has errors (all of them, each with line
    /// and column). The only exception thrown for any file content.
    /// </exception>
    public static HaleConfiguration Load(string path, TimeProvider? timeProvider = null) => Parse(ReadText(path), path, timeProvider);

    /// <summary>Reads and loads a configuration file in any format Hale reads (see <see cref="ConfigFormat"/>).</summary>
    /// <param name="path">The file; relative paths inside it are relative to its folder.</param>
    /// <param name="format">The file's format, or null to detect it from the content (<see cref="ConfigImporters.Detect"/>).</param>
    /// <param name="timeProvider">The clock given to every check; <see cref="MonotonicTimeProvider.System"/> when null.</param>
    /// <returns>The configuration; an importer's warnings (<c>FILE:LINE: message</c>) come first in its
    /// <see cref="HaleConfiguration.Warnings"/>.</returns>
    /// <exception cref="ConfigException">As <see cref="Load(string, TimeProvider?)"/>; for a foreign format, the importer's errors,
    /// each naming the original file and line. The only exception thrown for any file content.</exception>
    public static HaleConfiguration Load(string path, ConfigFormat? format, TimeProvider? timeProvider = null)
    {
        var text = ReadText(path);
        var imported = Translate(text, path, format);
        if (imported.NativeYaml is null || imported.Errors.Count > 0)
        {
            throw new ConfigException(imported.Errors.Count > 0 ? imported.Errors : [new ConfigError(path, 1, 0, "the import produced nothing")]);
        }

        return Parse(imported.NativeYaml, path, timeProvider, imported.Warnings);
    }

    /// <summary>Reads a configuration file's text strictly: UTF-8 (a byte-order mark is skipped), or UTF-16/UTF-32 with a byte-order mark.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ConfigException">The file cannot be read (one error at line 0) or is not valid text (one error at the
    /// line and column of the first bad byte).</exception>
    public static string ReadText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException or ArgumentException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
            throw new ConfigException([new ConfigError(path, 0, 0, $"cannot read the configuration: {reason}")]);
        }

        return ConfigText.Decode(bytes, path);
    }

    /// <summary>Translates a configuration's text into native YAML: what <c>hale convert</c> prints and what then runs.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourcePath">The file as the caller named it; errors and warnings name it.</param>
    /// <param name="format">The text's format, or null to detect it (<see cref="ConfigImporters.Detect"/>).</param>
    /// <returns>The native YAML (for <see cref="ConfigFormat.Hale"/>, <paramref name="text"/> itself), or the errors. Never throws for
    /// any text; a format this build has no importer for is one error at line 0.</returns>
    public static ImportResult Translate(string text, string sourcePath, ConfigFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var actual = format ?? ConfigImporters.Detect(text);
        if (actual == ConfigFormat.Hale)
        {
            return new ImportResult(text, [], []);
        }

        return ConfigImporters.For(actual) is { } importer
            ? importer.Import(text, sourcePath)
            : new ImportResult(null, [new ConfigError(sourcePath, 0, 0, $"this build of Hale cannot read {ConfigImporters.Name(actual)} files yet")], []);
    }

    /// <summary>Loads a configuration from its text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="sourcePath">Named in error messages; its folder is the base of relative paths in the text.</param>
    /// <param name="timeProvider">The clock given to every check; <see cref="MonotonicTimeProvider.System"/> when null.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigException">
    /// The text has errors (all of them, each with line and column); the only exception thrown for any text. An unexpected
    /// failure inside the loader is reported the same way, as one error at line 1, column 1 naming the exception.
    /// </exception>
    public static HaleConfiguration Parse(string yaml, string sourcePath, TimeProvider? timeProvider = null) => Parse(yaml, sourcePath, timeProvider, []);

    private static HaleConfiguration Parse(string yaml, string sourcePath, TimeProvider? timeProvider, IReadOnlyList<string> importWarnings)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        try
        {
            return ConfigurationReader.Read(yaml, sourcePath, timeProvider ?? MonotonicTimeProvider.System, importWarnings);
        }
#pragma warning disable CA1031 // The last resort of "no exception escapes a load": a bug in a reader is still reported as an error of the file.
        catch (Exception ex) when (ex is not ConfigException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new ConfigException([new ConfigError(sourcePath, 1, 1, Yaml.ErrorSink.OneLine($"cannot load the configuration: unexpected {ex.GetType().Name}: {ex.Message}"))]);
        }
    }
}
