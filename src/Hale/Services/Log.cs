using Microsoft.Extensions.Logging;

namespace Hale.Services;

/// <summary>
/// Supervision log messages, with stable event ids (2000-2099). Levels: a state change is Information; a failure (a crash, a
/// failed start, a stop that had to be escalated or failed) is Warning; a hold after the start limit is Error. A child's
/// stdout is Information, its stderr at the service's <see cref="ServiceDefinition.StderrLogLevel"/>.
/// </summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string, IDisposable?> ServiceScopeDefinition = LoggerMessage.DefineScope<string>("Service {Service}");

    [LoggerMessage(2000, LogLevel.Information, "Service {Service} is now {State}{Detail}")]
    public static partial void StateChanged(ILogger logger, string service, ServiceState state, string detail);

    [LoggerMessage(2001, LogLevel.Information, "[{Service}] {Line}")]
    public static partial void Output(ILogger logger, string service, string line);

    [LoggerMessage(EventId = 2002, Message = "[{Service}] {Line}")]
    public static partial void ErrorOutput(ILogger logger, LogLevel level, string service, string line);

    [LoggerMessage(2003, LogLevel.Information, "Service {Service} started, pid {Pid}")]
    public static partial void Started(ILogger logger, string service, int? pid);

    [LoggerMessage(2004, LogLevel.Warning, "Service {Service}: {What}")]
    public static partial void Problem(ILogger logger, string service, string what);

    [LoggerMessage(2005, LogLevel.Warning, "Killed {Count} processes left over by a previous Hale (owner {Owner})")]
    public static partial void LeftoversKilled(ILogger logger, int count, string owner);

    [LoggerMessage(2006, LogLevel.Information, "Service {Service}: operator {Command}")]
    public static partial void OperatorCommand(ILogger logger, string service, ServiceCommand command);

    /// <summary>A crash or failed start: the same words as <see cref="StateChanged"/>, at Warning.</summary>
    [LoggerMessage(2007, LogLevel.Warning, "Service {Service} is now {State}{Detail}")]
    public static partial void Failed(ILogger logger, string service, ServiceState state, string detail);

    /// <summary>The start limit was reached and the service is held: the same words as <see cref="StateChanged"/>, at Error.</summary>
    [LoggerMessage(2008, LogLevel.Error, "Service {Service} is now {State}{Detail}")]
    public static partial void Held(ILogger logger, string service, ServiceState state, string detail);

    /// <summary>A scope carrying the service's name, for everything its loop logs.</summary>
    public static IDisposable? ServiceScope(ILogger logger, string service) => ServiceScopeDefinition(logger, service);

    [LoggerMessage(2009, LogLevel.Information, "Service {Service}: operator signal {Signal}: {Result}")]
    public static partial void OperatorSignal(ILogger logger, string service, string signal, string result);
}
