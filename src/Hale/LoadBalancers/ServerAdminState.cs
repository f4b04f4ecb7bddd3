namespace Hale.LoadBalancers;

/// <summary>The administrative state Hale asks a load balancer to give one of its servers (HAProxy's <c>set server B/S state</c>).</summary>
public enum ServerAdminState
{
    /// <summary>Takes traffic (<c>ready</c>).</summary>
    Ready,

    /// <summary>Keeps its current sessions, takes no new ones (<c>drain</c>).</summary>
    Drain,

    /// <summary>Out of the pool (<c>maint</c>).</summary>
    Maint,
}
