namespace Hale.Checks;

/// <summary>
/// Resolves check names to the <see cref="NamedCheck"/> that currently holds each name. References built from a
/// configuration (<see cref="CheckReference"/>) resolve through a directory at each evaluation, so an unchanged check that
/// refers to another one follows it when a reload replaces it.
/// </summary>
/// <remarks>
/// A directory either holds a table of its own (<see cref="Publish"/>) or forwards every lookup to another directory
/// (<see cref="RedirectTo"/>): a configuration loader publishes the checks it built, and an engine that runs the
/// configuration redirects the loader's directory to its own, whose table it swaps on every reload. Thread-safe: lookups
/// are lock-free reads of an immutable table.
/// </remarks>
public sealed class CheckDirectory
{
    private IReadOnlyDictionary<string, NamedCheck> _checks = new Dictionary<string, NamedCheck>(StringComparer.Ordinal);
    private CheckDirectory? _target;

    /// <summary>The check holding <paramref name="name"/> now; null when none does.</summary>
    /// <param name="name">The name, compared ordinally.</param>
    /// <returns>The check, or null.</returns>
    public NamedCheck? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var directory = this;
        for (var hops = 0; hops < 8 && Volatile.Read(ref directory._target) is { } next; hops++)
        {
            directory = next;
        }

        return Volatile.Read(ref directory._checks).GetValueOrDefault(name);
    }

    /// <summary>Replaces the table of this directory at once: a lookup sees the old table or the new one.</summary>
    /// <param name="checks">The checks; their names are unique.</param>
    /// <exception cref="ArgumentException">Two checks share a name.</exception>
    public void Publish(IEnumerable<NamedCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var table = new Dictionary<string, NamedCheck>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            if (!table.TryAdd(check.Name, check))
            {
                throw new ArgumentException($"two checks are named '{check.Name}'", nameof(checks));
            }
        }

        Volatile.Write(ref _checks, table);
    }

    /// <summary>From now on, resolves every name through <paramref name="target"/> instead of this directory's own table.</summary>
    /// <param name="target">The directory to forward to; not this one.</param>
    /// <exception cref="ArgumentException"><paramref name="target"/> is this directory.</exception>
    public void RedirectTo(CheckDirectory target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (ReferenceEquals(target, this))
        {
            throw new ArgumentException("a directory cannot forward to itself", nameof(target));
        }

        Volatile.Write(ref _target, target);
    }

    /// <summary>A check that evaluates whatever check holds <paramref name="name"/> at the time of each evaluation.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The reference.</returns>
    public CheckReference Reference(string name) => new(this, name);
}
