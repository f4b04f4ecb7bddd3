namespace Hale.Services;

/// <summary>How a service is stopped: a signal to its process group, then SIGKILL of the whole group after the timeout.</summary>
/// <param name="Signal">The signal number sent first (SIGTERM = 15).</param>
/// <param name="Timeout">How long to wait for the exit before SIGKILL.</param>
public sealed record StopPolicy(int Signal, TimeSpan Timeout)
{
    /// <summary>SIGTERM, then SIGKILL after 10 seconds.</summary>
    public static StopPolicy Default { get; } = new(15, TimeSpan.FromSeconds(10));
}
