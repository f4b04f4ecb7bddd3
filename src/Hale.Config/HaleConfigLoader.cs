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
    public static HaleConfiguration Load(string path, TimeProvider? timeProvider = null)
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

        return Parse(ConfigText.Decode(bytes, path), path, timeProvider);
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
    public static HaleConfiguration Parse(string yaml, string sourcePath, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        try
        {
            return ConfigurationReader.Read(yaml, sourcePath, timeProvider ?? MonotonicTimeProvider.System);
        }
#pragma warning disable CA1031 // The last resort of "no exception escapes a load": a bug in a reader is still reported as an error of the file.
        catch (Exception ex) when (ex is not ConfigException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new ConfigException([new ConfigError(sourcePath, 1, 1, Yaml.ErrorSink.OneLine($"cannot load the configuration: unexpected {ex.GetType().Name}: {ex.Message}"))]);
        }
    }
}
