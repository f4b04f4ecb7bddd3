using Hale.Actions;
using Hale.Hosting.Status;
using Hale.LoadBalancers;
using Hale.Services;

namespace Hale.Hosting.Explain;

/// <summary>Where explanations read the engine's state: snapshots only, nothing is evaluated. Any source may be absent.</summary>
/// <param name="Components">The top-level checks served or run.</param>
/// <param name="Services">The supervisor, or null.</param>
/// <param name="Actions">The actions' runners, or null.</param>
/// <param name="Balancers">The load balancers' snapshots, or null.</param>
/// <param name="Bindings">What drives each balancer's servers, or null.</param>
/// <param name="Groups">The failover groups, or null.</param>
internal sealed record ExplainSources(
    Func<IReadOnlyList<Component>> Components,
    Supervisor? Services,
    Func<IReadOnlyList<ActionRunner>>? Actions,
    Func<IReadOnlyList<LoadBalancerSnapshot>>? Balancers,
    Func<IReadOnlyList<LoadBalancerBinding>>? Bindings,
    Func<IReadOnlyList<GroupStatus>>? Groups);
