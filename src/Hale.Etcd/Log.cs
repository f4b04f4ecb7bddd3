using Microsoft.Extensions.Logging;

namespace Hale.Etcd;

/// <summary>Hale.Etcd's log messages, with stable event ids (2600-2699).</summary>
internal static partial class Log
{
    [LoggerMessage(2600, LogLevel.Warning, "etcd watch on {Prefix} lost after revision {Revision} ({Error}); re-establishing it")]
    public static partial void WatchLost(ILogger logger, string prefix, long revision, string error);

    [LoggerMessage(2601, LogLevel.Information, "etcd watch on {Prefix} re-established from revision {Revision}")]
    public static partial void WatchResumed(ILogger logger, string prefix, long revision);

    [LoggerMessage(2602, LogLevel.Debug, "etcd watch on {Prefix} could not be re-established within {DeadlineSeconds} s: {Error}")]
    public static partial void WatchFailed(ILogger logger, string prefix, double deadlineSeconds, string error);

    [LoggerMessage(2603, LogLevel.Debug, "etcd {Operation} failed: {Error}")]
    public static partial void CallFailed(ILogger logger, string operation, string error);
}
