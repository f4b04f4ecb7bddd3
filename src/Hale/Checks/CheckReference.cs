using System.Runtime.CompilerServices;

namespace Hale.Checks;

/// <summary>
/// A reference by name to a top-level check (a bare name in a configuration): each evaluation asks the
/// <see cref="CheckDirectory"/> which <see cref="NamedCheck"/> holds the name now and evaluates that one, so the state is
/// shared with every other user of the name and a reload that replaces the check is followed without rebuilding the
/// references to it.
/// </summary>
/// <remarks>
/// Not a composite: walking a tree of checks stops here, so the referenced check is started, scheduled and disposed by its
/// owner alone. Evaluating a name that no check holds answers <see cref="CheckStatus.Error"/>. A chain of references of any
/// length is evaluated without overflowing the stack (past a point, it continues on a thread-pool thread). Thread-safe.
/// </remarks>
public sealed class CheckReference : ICheck
{
    private readonly CheckDirectory _directory;

    internal CheckReference(CheckDirectory directory, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _directory = directory;
        Name = name;
    }

    /// <summary>The name referred to.</summary>
    public string Name { get; }

    /// <summary>The check holding the name now; null when none does.</summary>
    public NamedCheck? Target => _directory.Find(Name);

    /// <inheritdoc />
    public ValueTask<CheckResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        if (Target is not { } target)
        {
            return ValueTask.FromResult(CheckResult.Error($"no check named '{Name}'"));
        }

        // A configuration bounds chains of references (reference_depth); a chain built in code may be longer, and is then
        // continued on a fresh stack rather than overflowing this one.
        return RuntimeHelpers.TryEnsureSufficientExecutionStack()
            ? target.CheckAsync(cancellationToken)
            : new ValueTask<CheckResult>(Task.Run(() => target.CheckAsync(cancellationToken).AsTask(), cancellationToken));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
