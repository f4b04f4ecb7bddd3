namespace Hale.State;

/// <summary>
/// Where operator-set state (a Toggle latched in FAIL, an armed Oneshot) is kept so that it survives a restart of Hale.
/// </summary>
/// <remarks>Implementations are thread-safe. Keys are short names such as <c>mail-u5</c> or <c>mail-u5.to_ok</c>.</remarks>
public interface IOperatorStateStore
{
    /// <summary>Reads a value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The stored value, or <see langword="null"/> when none is stored or it cannot be read.</returns>
    string? Read(string key);

    /// <summary>Writes a value atomically, or deletes it when <paramref name="value"/> is <see langword="null"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or null to delete.</param>
    /// <exception cref="IOException">The state could not be written.</exception>
    void Write(string key, string? value);
}
