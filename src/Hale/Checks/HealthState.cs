namespace Hale.Checks;

/// <summary>
/// The two states a stateful combinator (Hysteresis, Background, Toggle, Oneshot) can be in;
/// failover's <c>ok</c> and <c>fail</c>.
/// </summary>
public enum HealthState
{
    /// <summary>Healthy.</summary>
    Ok,

    /// <summary>Unhealthy.</summary>
    Fail,
}
