using System.Globalization;
using System.Threading.Channels;
using Hale.Processes;
using Hale.Services;
using Hale.Text;
using Microsoft.Extensions.Logging;

namespace Hale.Logs;

/// <summary>
/// A service's log files (<see cref="ServiceLogOptions.File"/>, <see cref="ServiceLogOptions.StderrFile"/>): lines are queued
/// without waiting and written by one background task through <see cref="RotatingFileWriter"/>s, so a slow or full disk never
/// holds up the reading of the child's output. Thread-safe.
/// </summary>
/// <remarks>
/// When the queue is full (<see cref="QueueCapacity"/> lines) a line is dropped and counted; once the writer caught up it writes
/// <c>TIME hale N lines dropped: the disk did not keep up</c> into the file and logs a warning. A file that cannot be opened or
/// written (its directory is not writable, the disk is full) is reported once in Hale's log, its lines are dropped meanwhile,
/// and every later line tries again; recovery is logged too. Nothing here throws at the caller.
/// </remarks>
internal sealed class ServiceLogFiles : IAsyncDisposable
{
    /// <summary>How many lines may wait for the disk: 10,000.</summary>
    public const int QueueCapacity = 10_000;

    /// <summary>How long <see cref="DisposeAsync"/> lets the writer finish what is queued: 2 s.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<ServiceLogLine> _queue = Channel.CreateBounded<ServiceLogLine>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false,
    });

    private readonly string _service;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Target? _stdout;
    private readonly Target? _stderr;
    private readonly Task _writer;
    private long _dropped;
    private long _unreported;

    /// <summary>Starts the writer; the files are opened with the first line.</summary>
    /// <param name="service">The service's name, for messages.</param>
    /// <param name="options">The files and their rotation; at least one file is set.</param>
    /// <param name="time">Stamps the "lines dropped" line and bounds the drain on dispose.</param>
    /// <param name="logger">Where failures are reported.</param>
    public ServiceLogFiles(string service, ServiceLogOptions options, TimeProvider time, ILogger logger)
    {
        _service = service;
        Options = options;
        _time = time;
        _logger = logger;
        _stdout = options.File is { } file ? new Target(file) : null;
        _stderr = options.StderrFile is { } stderr ? new Target(stderr) : _stdout;
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>The options the files were opened with.</summary>
    public ServiceLogOptions Options { get; }

    /// <summary>Lines dropped because the queue was full, since the files were opened.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="line"/>; never waits. A full queue drops and counts it.</summary>
    /// <param name="line">The line.</param>
    public void Enqueue(ServiceLogLine line)
    {
        if (For(line.Stream) is null || _queue.Writer.TryWrite(line))
        {
            return;
        }

        if (!_queue.Reader.Completion.IsCompleted)
        {
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _unreported);
        }
    }

    /// <summary>Stops accepting lines, lets the writer write what is queued (for at most <see cref="DrainTimeout"/>), closes the files.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(DrainTimeout, _time, CancellationToken.None)).ConfigureAwait(false);
        _stdout?.Close();
        _stderr?.Close();
    }

    private Target? For(OutputStream stream) => stream == OutputStream.Stderr ? _stderr : _stdout;

    private async Task WriteAllAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var line))
            {
                Write(For(line.Stream)!, line.ToFileLine());
            }

            ReportDrops();
        }

        ReportDrops();
    }

    private void ReportDrops()
    {
        var count = Interlocked.Exchange(ref _unreported, 0);
        if (count == 0)
        {
            return;
        }

        Log.FileLinesDropped(_logger, _service, count);
        var marker = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} hale {count} lines dropped: the disk did not keep up\n");
        foreach (var target in new[] { _stdout, _stderr }.OfType<Target>().Distinct())
        {
            Write(target, marker);
        }
    }

    private void Write(Target target, string text)
    {
        target.Failure = null;
        if (target.Writer is null)
        {
            try
            {
                target.Writer = new RotatingFileWriter(target.Path, Options.MaxBytes, Options.Keep, ex => target.Failure = ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                target.Failure = ex;
            }
        }

        target.Writer?.Write(text);
        if (target.Failure is { } failure)
        {
            if (!target.Failing)
            {
                target.Failing = true;
                Log.FileFailed(_logger, _service, target.Path, SafeText.ForLog(failure.Message));
            }
        }
        else if (target.Failing)
        {
            target.Failing = false;
            Log.FileRecovered(_logger, _service, target.Path);
        }
    }

    /// <summary>One file; touched only by the writer task (and <see cref="Close"/> after it).</summary>
    private sealed class Target(string path)
    {
        public string Path { get; } = path;

        public RotatingFileWriter? Writer { get; set; }

        public bool Failing { get; set; }

        /// <summary>The failure of the write in progress, set by the writer's callback.</summary>
        public Exception? Failure { get; set; }

        public void Close() => Writer?.Dispose();
    }
}
