namespace Hale.Services;

/// <summary>What an operator asks of a service (<c>hale ctl start|stop|restart|reset SERVICE</c>).</summary>
public enum ServiceCommand
{
    /// <summary>Want it running; start it when allowed.</summary>
    Start,

    /// <summary>Want it stopped; stop it now.</summary>
    Stop,

    /// <summary>Stop it if running, then start it at once (backoff reset).</summary>
    Restart,

    /// <summary>Clear a hold, the backoff and the start count, and want it running.</summary>
    Reset,
}
