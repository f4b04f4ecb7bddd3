namespace Hale.Checks;

/// <summary>Walks a tree of checks built from combinators.</summary>
public static class CheckTree
{
    /// <summary>
    /// Every check reachable from <paramref name="root"/>, root first, each once even when shared.
    /// </summary>
    /// <param name="root">Where to start.</param>
    /// <returns>The checks, depth first.</returns>
    public static IEnumerable<ICheck> Walk(ICheck root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var seen = new HashSet<ICheck>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<ICheck>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var check = stack.Pop();
            if (!seen.Add(check))
            {
                continue;
            }

            yield return check;
            if (check is ICompositeCheck composite)
            {
                for (var i = composite.InnerChecks.Count - 1; i >= 0; i--)
                {
                    stack.Push(composite.InnerChecks[i]);
                }
            }
        }
    }

    /// <summary>Starts every <see cref="IStartableCheck"/> reachable from <paramref name="root"/>.</summary>
    /// <param name="root">Where to start.</param>
    public static void StartAll(ICheck root)
    {
        foreach (var check in Walk(root))
        {
            (check as IStartableCheck)?.Start();
        }
    }
}
