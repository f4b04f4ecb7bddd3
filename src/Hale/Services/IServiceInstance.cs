namespace Hale.Services;

/// <summary>One running instance of a service: an owned child, or a daemon Hale started through commands.</summary>
internal interface IServiceInstance : IAsyncDisposable
{
    /// <summary>The process id, when known (for a daemon Hale does not own: read from its pid file, if it has one).</summary>
    int? Pid { get; }

    /// <summary>Completes with how and when it exited (for a daemon: when its liveness failed, reported by the owner).</summary>
    Task<ServiceInput.Exited> Exited { get; }

    /// <summary>Asks it to stop (the stop signal to the group, or the stop command); throws when the stop command fails (logged by the owner as a failed stop).</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>SIGKILL of the whole process group (owned only; a no-op otherwise).</summary>
    void Kill();

    /// <summary>Sends an operator's signal to the main process only (the owned child, or the pid in the daemon's pid file).</summary>
    ServiceSignalResult Signal(int signal);
}
