namespace Hale.State;

/// <summary>One key of an <see cref="IOperatorStateStore"/>, handed to the check that owns it.</summary>
/// <param name="Store">The store.</param>
/// <param name="Key">The key, unique per stateful check (e.g. <c>mail-u5</c>).</param>
public sealed record OperatorStateSlot(IOperatorStateStore Store, string Key)
{
    /// <summary>Reads the stored value; null when none.</summary>
    /// <returns>The value.</returns>
    public string? Read() => Store.Read(Key);

    /// <summary>Writes (or with null, deletes) the value atomically.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="IOException">The state could not be written.</exception>
    public void Write(string? value) => Store.Write(Key, value);
}
