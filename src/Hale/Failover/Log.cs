using Microsoft.Extensions.Logging;

namespace Hale.Failover;

/// <summary>
/// Failover log messages, with stable event ids (2200-2299). Everything a <see cref="LeaseFence"/> reports is Warning: it
/// speaks only when something went wrong (Hale stopped renewing, or the fence itself died).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2200, LogLevel.Warning, "Fence of group {Group} fired: {Report}")]
    public static partial void FenceFired(ILogger logger, string group, string report);

    [LoggerMessage(2201, LogLevel.Warning, "Fence of group {Group}: {Line}")]
    public static partial void FenceOutput(ILogger logger, string group, string line);

    [LoggerMessage(2202, LogLevel.Warning, "Fence of group {Group} (pid {Pid}) ended unexpectedly ({How}); it is started again on the next arm")]
    public static partial void FenceExited(ILogger logger, string group, int pid, string how);

    [LoggerMessage(2203, LogLevel.Warning, "Fence of group {Group} could not start: {Reason}")]
    public static partial void FenceStartFailed(ILogger logger, string group, string reason);

    [LoggerMessage(2204, LogLevel.Debug, "Fence of group {Group} started, pid {Pid}")]
    public static partial void FenceStarted(ILogger logger, string group, int pid);
}
