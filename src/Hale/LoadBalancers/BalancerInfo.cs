namespace Hale.LoadBalancers;

/// <summary>What identifies one running load-balancer process (HAProxy's <c>show info</c>): a new Pid or a smaller Uptime means it restarted or reloaded, and runtime-set states were lost.</summary>
/// <param name="Pid">The process id (HAProxy's <c>Pid</c>).</param>
/// <param name="Uptime">Time since it started (HAProxy's <c>Uptime_sec</c>).</param>
/// <param name="Version">Its version, when reported.</param>
public sealed record BalancerInfo(int Pid, TimeSpan Uptime, string? Version);
