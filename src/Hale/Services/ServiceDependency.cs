using Hale.Checks;

namespace Hale.Services;

/// <summary>
/// Something a service needs healthy before it may start: another service (healthy when <see cref="ServiceState.Ready"/>)
/// or a check (healthy when OK), like autoheal's <c>dep</c> entries.
/// </summary>
/// <param name="Name">The name shown while waiting: the service's name, or the check's.</param>
/// <param name="Check">The check; null when <paramref name="Name"/> names a service of the same supervisor.</param>
public sealed record ServiceDependency(string Name, ICheck? Check = null)
{
    /// <summary>Whether this dependency is another service.</summary>
    public bool IsService => Check is null;
}
