using Hale.Checks;

namespace Hale.Config.Checks;

/// <summary>The defaults of the YAML format, as failover's.</summary>
internal static class CheckDefaults
{
    /// <summary>The timeout of tcp, http and command probes: 10 seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The <c>initial</c> state of hysteresis, background and toggle: ok.</summary>
    public const HealthState InitialState = HealthState.Ok;

    /// <summary>The <c>default</c> state of a oneshot: fail.</summary>
    public const HealthState OneshotDefault = HealthState.Fail;
}
