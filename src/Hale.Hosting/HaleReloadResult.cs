namespace Hale.Hosting;

/// <summary>What <see cref="HaleEngine.ApplyAsync"/> changed. Immutable.</summary>
/// <param name="ServicesAdded">Services started because they are new.</param>
/// <param name="ServicesRemoved">Services stopped because they are gone.</param>
/// <param name="ServicesRestarted">Services whose process changed (program, user, environment, ...): stopped and started anew.</param>
/// <param name="ServicesUpdated">Services whose policies only changed: applied to the running process, which kept its PID.</param>
/// <param name="ChecksKept">Checks whose definition did not change: they kept their instance, state and schedule.</param>
/// <param name="ChecksReplaced">Checks built anew (new or changed).</param>
/// <param name="ListenChanged">Whether the HTTP listener moved to new addresses.</param>
/// <param name="LoadBalancersChanged">Whether <c>haproxy:</c> (balancers or bindings) changed and was applied.</param>
public sealed record HaleReloadResult(
    IReadOnlyList<string> ServicesAdded,
    IReadOnlyList<string> ServicesRemoved,
    IReadOnlyList<string> ServicesRestarted,
    IReadOnlyList<string> ServicesUpdated,
    int ChecksKept,
    int ChecksReplaced,
    bool ListenChanged,
    bool LoadBalancersChanged);
