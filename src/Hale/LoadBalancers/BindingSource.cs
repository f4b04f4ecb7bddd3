namespace Hale.LoadBalancers;

/// <summary>What drives a bound server's state.</summary>
public enum BindingSource
{
    /// <summary>A supervised service's state (<see cref="ServerStateMapping.ForService"/>).</summary>
    Service,

    /// <summary>A top-level check's status (<see cref="ServerStateMapping.ForCheck"/>).</summary>
    Check,
}
