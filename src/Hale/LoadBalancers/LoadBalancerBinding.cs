namespace Hale.LoadBalancers;

/// <summary>One <c>haproxy: [NAME:BACKEND/SERVER]</c> entry: a service or check that drives a server of a balancer.</summary>
/// <param name="Source">Whether <paramref name="Name"/> is a service or a check.</param>
/// <param name="Name">The service's or check's name.</param>
/// <param name="Balancer">The balancer's configured name (<see cref="BalancerDefinition.Name"/>).</param>
/// <param name="Server">The server.</param>
public sealed record LoadBalancerBinding(BindingSource Source, string Name, string Balancer, ServerAddress Server);
