using Microsoft.Extensions.Logging;

namespace Hale.Logs;

/// <summary>Log messages of the services' own logs (<see cref="ServiceLog"/>), with stable event ids (2800-2899).</summary>
internal static partial class Log
{
    [LoggerMessage(2800, LogLevel.Warning, "Service {Service}: cannot write its log file {Path}: {Reason}; its lines are dropped until it can")]
    public static partial void FileFailed(ILogger logger, string service, string path, string reason);

    [LoggerMessage(2801, LogLevel.Information, "Service {Service}: writing its log file {Path} again")]
    public static partial void FileRecovered(ILogger logger, string service, string path);

    [LoggerMessage(2802, LogLevel.Warning, "Service {Service}: {Count} lines were not written to its log file: the disk did not keep up")]
    public static partial void FileLinesDropped(ILogger logger, string service, long count);
}
