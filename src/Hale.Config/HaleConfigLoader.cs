namespace Hale.Config;

/// <summary>
/// Loads Hale's native YAML configuration (<c>hale.yaml</c>) into core checks.
/// Loading starts nothing: no probe runs and no timer is created.
/// </summary>
public static class HaleConfigLoader
{
    /// <summary>Reads and loads a configuration file.</summary>
    /// <param name="path">The file; relative paths inside it are relative to its folder.</param>
    /// <param name="timeProvider">The clock given to every check; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigException">
    /// The file cannot be read (one error at line 0, column 0) or has errors (all of them, each with line and column).
    /// </exception>
    public static HaleConfiguration Load(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
            throw new ConfigException([new ConfigError(path, 0, 0, $"cannot read the configuration: {reason}")]);
        }

        return Parse(text, path, timeProvider);
    }

    /// <summary>Loads a configuration from its text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="sourcePath">Named in error messages; its folder is the base of relative paths in the text.</param>
    /// <param name="timeProvider">The clock given to every check; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigException">The text has errors (all of them, each with line and column).</exception>
    public static HaleConfiguration Parse(string yaml, string sourcePath, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        return ConfigurationReader.Read(yaml, sourcePath, timeProvider ?? TimeProvider.System);
    }
}
