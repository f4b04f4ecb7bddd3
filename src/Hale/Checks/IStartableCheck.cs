namespace Hale.Checks;

/// <summary>
/// A check with a loop of its own (such as Background), started by its host.
/// </summary>
public interface IStartableCheck
{
    /// <summary>Starts the loop. Calling it again has no effect. Thread-safe.</summary>
    void Start();
}
