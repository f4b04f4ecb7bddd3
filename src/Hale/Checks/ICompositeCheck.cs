namespace Hale.Checks;

/// <summary>
/// A check built over other checks (a combinator). Lets a host walk the tree of a component,
/// e.g. to start every <see cref="IStartableCheck"/> in it.
/// </summary>
public interface ICompositeCheck
{
    /// <summary>The checks this one evaluates, in configuration order.</summary>
    IReadOnlyList<ICheck> InnerChecks { get; }
}
