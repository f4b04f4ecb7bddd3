using Hale.Checks;

namespace Hale.Hosting;

/// <summary>A check added to a <see cref="HealthCheckServer"/>.</summary>
/// <param name="Check">The named check, served at <c>/NAME</c> when <paramref name="Served"/>.</param>
/// <param name="OnPost">What a POST to <c>/NAME</c> does: fires a Oneshot, or evaluates a check; null answers 405.</param>
/// <param name="Served">Whether HTTP clients see it (a <c>serve: false</c> check still runs for others that refer to it).</param>
public sealed record Component(NamedCheck Check, ICheck? OnPost, bool Served)
{
    /// <summary>The name, also the path.</summary>
    public string Name => Check.Name;
}
