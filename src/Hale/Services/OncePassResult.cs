namespace Hale.Services;

/// <summary>What a one-shot pass (<see cref="OncePass"/>) found and did. Immutable.</summary>
/// <param name="NotStarted">The services that were down and could not be started (skipped or failed); empty when all is well.</param>
/// <param name="Alive">For every service, whether it is alive at the end of the pass (found alive, or started successfully).</param>
public sealed record OncePassResult(IReadOnlyList<string> NotStarted, IReadOnlyDictionary<string, bool> Alive)
{
    /// <summary>
    /// The status a service has after the pass, as its checks (<c>service: NAME</c>, an action's <c>when</c>) read it: ready
    /// when alive, exited otherwise; null for a service the pass did not see.
    /// </summary>
    /// <param name="service">The service's name.</param>
    /// <param name="now">The time of the status.</param>
    /// <returns>The status, or null.</returns>
    public ServiceStatus? StatusOf(string service, DateTimeOffset now) =>
        Alive.TryGetValue(service, out var alive)
            ? ServiceStatus.Initial(service, now) with { State = alive ? ServiceState.Ready : ServiceState.Exited }
            : null;
}
