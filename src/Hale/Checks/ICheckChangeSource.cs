namespace Hale.Checks;

/// <summary>
/// A check whose answer can change without being evaluated: it runs on a schedule of its own (a background check) or is
/// changed by an operator (a oneshot fired by a POST). Whoever owns the evaluation of a check that contains one subscribes
/// to <see cref="Changed"/> to evaluate again at once instead of at its next scheduled run.
/// </summary>
public interface ICheckChangeSource
{
    /// <summary>Raised after the answer may have changed. Handlers must be quick and must not throw.</summary>
    event Action? Changed;
}
