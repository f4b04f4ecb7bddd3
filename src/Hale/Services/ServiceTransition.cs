namespace Hale.Services;

/// <summary>The result of applying one input to a service's state machine.</summary>
/// <param name="Status">The new status.</param>
/// <param name="Effect">What the owner must do now.</param>
internal record struct ServiceTransition(ServiceStatus Status, ServiceEffect Effect);
