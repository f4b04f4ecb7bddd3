using Hale.Config;

namespace Hale.Cli.Runtime;

/// <summary>
/// Where a running Hale's control socket is, for <c>hale status</c> and <c>hale ctl</c>: <c>STATE_DIR/hale.sock</c>, the
/// state directory taken from <c>--state-dir</c>; else from the configuration named by <c>-c</c>, else by
/// <c>HALE_CONFIG</c>, else <see cref="DefaultConfigPath"/>. Only <c>state_dir</c> is read from the file, leniently
/// (<see cref="StateDirectoryLocator"/>), so a broken file on disk does not cut the operator off from the running Hale.
/// </summary>
internal static class ControlSocketLocator
{
    /// <summary>The environment variable naming the configuration file when <c>-c</c> is not given.</summary>
    public const string ConfigVariable = "HALE_CONFIG";

    /// <summary>The configuration file when neither <c>-c</c> nor <see cref="ConfigVariable"/> names one.</summary>
    public const string DefaultConfigPath = "/etc/hale/hale.yaml";

    /// <summary>The control socket's path (absolute).</summary>
    /// <param name="stateDirectory"><c>--state-dir</c>, when given (relative to the working directory).</param>
    /// <param name="configFile"><c>-c</c>, when given.</param>
    /// <param name="environment">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    public static string Find(string? stateDirectory, string? configFile, Func<string, string?> environment) =>
        Path.Combine(StateDirectory(stateDirectory, configFile, environment), Hale.Hosting.HaleEngine.ControlSocketName);

    /// <summary>The state directory (absolute), by the precedence above.</summary>
    /// <param name="stateDirectory"><c>--state-dir</c>, when given (relative to the working directory).</param>
    /// <param name="configFile"><c>-c</c>, when given.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static string StateDirectory(string? stateDirectory, string? configFile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(stateDirectory))
        {
            return Path.GetFullPath(stateDirectory);
        }

        var file = !string.IsNullOrEmpty(configFile) ? configFile
            : environment(ConfigVariable) is { Length: > 0 } variable ? variable
            : DefaultConfigPath;
        return StateDirectoryLocator.FromFile(Path.GetFullPath(file));
    }
}
