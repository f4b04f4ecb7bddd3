using Microsoft.Extensions.Logging;

namespace Hale.LoadBalancers;

/// <summary>Load-balancer reconciliation log messages, with stable event ids (2100-2199).</summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Information, "Load balancer {Balancer}: set {Server} to {State}")]
    public static partial void Applied(ILogger logger, string balancer, ServerAddress server, ServerAdminState state);

    [LoggerMessage(2101, LogLevel.Warning, "Load balancer {Balancer} refused {State} for {Server}: {Reply}")]
    public static partial void Refused(ILogger logger, string balancer, ServerAddress server, ServerAdminState state, string reply);

    [LoggerMessage(2102, LogLevel.Warning, "Load balancer {Balancer} unreachable ({Error}); keeping the desired states, retrying in {DelaySeconds} s and then with backoff")]
    public static partial void Unreachable(ILogger logger, string balancer, string error, double delaySeconds);

    [LoggerMessage(2103, LogLevel.Information, "Load balancer {Balancer} reachable again")]
    public static partial void Reachable(ILogger logger, string balancer);

    [LoggerMessage(2104, LogLevel.Warning, "Load balancer {Balancer} restarted or reloaded (pid {OldPid} -> {NewPid}, uptime {OldUptime} -> {NewUptime}); re-applying every server state")]
    public static partial void Reloaded(ILogger logger, string balancer, int oldPid, int newPid, TimeSpan oldUptime, TimeSpan newUptime);

    [LoggerMessage(2105, LogLevel.Warning, "Load balancer {Balancer}: {Server} is {Actual}, expected {Desired}; setting it again")]
    public static partial void Drift(ILogger logger, string balancer, ServerAddress server, ServerAdminState actual, ServerAdminState desired);

    [LoggerMessage(2106, LogLevel.Information, "Load balancer {Balancer}: {Server} drained ({Waited} s)")]
    public static partial void Drained(ILogger logger, string balancer, ServerAddress server, double waited);

    [LoggerMessage(2107, LogLevel.Warning, "Load balancer {Balancer}: {Server} still has {Sessions} sessions after the drain timeout of {TimeoutSeconds} s; stopping anyway")]
    public static partial void DrainTimedOut(ILogger logger, string balancer, ServerAddress server, int sessions, double timeoutSeconds);

    [LoggerMessage(2108, LogLevel.Warning, "Load balancer {Balancer}: cannot read sessions of {Server} ({Error}); not waiting for the drain")]
    public static partial void DrainUnknown(ILogger logger, string balancer, ServerAddress server, string error);

    [LoggerMessage(2109, LogLevel.Warning, "Draining {Service} before its stop failed: {Error}")]
    public static partial void DrainFailed(ILogger logger, string service, string error);
}
