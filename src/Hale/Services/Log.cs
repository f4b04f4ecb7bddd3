using Microsoft.Extensions.Logging;

namespace Hale.Services;

/// <summary>Supervision log messages, with stable event ids (2000-2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Service {Service} is now {State}{Detail}")]
    public static partial void StateChanged(ILogger logger, string service, ServiceState state, string detail);

    [LoggerMessage(2001, LogLevel.Information, "[{Service}] {Line}")]
    public static partial void Output(ILogger logger, string service, string line);

    [LoggerMessage(2002, LogLevel.Warning, "[{Service}] {Line}")]
    public static partial void ErrorOutput(ILogger logger, string service, string line);

    [LoggerMessage(2003, LogLevel.Information, "Service {Service} started, pid {Pid}")]
    public static partial void Started(ILogger logger, string service, int? pid);

    [LoggerMessage(2004, LogLevel.Warning, "Service {Service}: {What}")]
    public static partial void Problem(ILogger logger, string service, string what);

    [LoggerMessage(2005, LogLevel.Warning, "Killed {Count} processes left over by a previous Hale (owner {Owner})")]
    public static partial void LeftoversKilled(ILogger logger, int count, string owner);

    [LoggerMessage(2006, LogLevel.Information, "Service {Service}: operator {Command}")]
    public static partial void OperatorCommand(ILogger logger, string service, ServiceCommand command);

    [LoggerMessage(2007, LogLevel.Information, "Service {Service}: operator signal {Signal}: {Result}")]
    public static partial void OperatorSignal(ILogger logger, string service, string signal, string result);
}
