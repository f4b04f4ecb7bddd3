namespace Hale.Config;

/// <summary>
/// A configuration could not be loaded. Carries every error found, not only the first;
/// <see cref="Exception.Message"/> is all of them, one per line, in file order.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The errors, at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public ConfigException(IEnumerable<ConfigError> errors)
        : this([.. errors ?? throw new ArgumentNullException(nameof(errors))])
    {
    }

    private ConfigException(ConfigError[] errors)
        : base(errors.Length == 0 ? throw new ArgumentException("At least one error is needed.", nameof(errors)) : string.Join("\n", errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    /// <summary>Every error found, in file order (line, then column).</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
