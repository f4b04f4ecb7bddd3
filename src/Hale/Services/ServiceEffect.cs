namespace Hale.Services;

/// <summary>What the owner of a service's state machine must do after a transition.</summary>
internal enum ServiceEffect
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>Start an instance (spawn the child, or run the start command), then report Started or StartFailed.</summary>
    Start,

    /// <summary>Stop the instance gracefully (the stop signal to its group, or the stop command).</summary>
    Stop,

    /// <summary>SIGKILL the instance's whole process group.</summary>
    Kill,
}
