namespace Hale.Services;

/// <summary>The policies of one service that its state machine applies.</summary>
/// <param name="Restart">Backoff, start window, reset and start limit.</param>
/// <param name="Stop">Stop signal and timeout.</param>
/// <param name="HasReadinessCheck">Without one, a service is <see cref="ServiceState.Ready"/> as soon as its start window passes.</param>
internal sealed record ServicePolicies(RestartPolicy Restart, StopPolicy Stop, bool HasReadinessCheck);
