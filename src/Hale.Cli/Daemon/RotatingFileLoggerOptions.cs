namespace Hale.Cli.Daemon;

/// <summary>Where <see cref="RotatingFileLoggerProvider"/> writes and when it rotates.</summary>
internal sealed class RotatingFileLoggerOptions
{
    /// <summary>The log file; backups are written beside it as <c>FILE.1</c> (newest) .. <c>FILE.N</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The size a file may reach; a line that would make it larger goes to a fresh file.</summary>
    /// <value>The default value is 1 MiB (1 048 576 bytes). Must be positive.</value>
    public long MaxBytes { get; init; } = 1_048_576;

    /// <summary>How many rotated files are kept; the oldest beyond this is dropped.</summary>
    /// <value>The default value is 5. Zero keeps none: the file starts over when full.</value>
    public int Backups { get; init; } = 5;

    /// <summary>How many lines may wait for the file's writer; beyond that lines are dropped, counted and reported.</summary>
    /// <value>The default value is 10,000 (<see cref="LogLineQueue.DefaultCapacity"/>). Must be positive.</value>
    public int QueueCapacity { get; init; } = LogLineQueue.DefaultCapacity;

    /// <summary>The clock that stamps each line.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
