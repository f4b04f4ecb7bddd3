using Hale.Processes;
using Hale.Services;
using Hale.Text;
using Microsoft.Extensions.Logging;

namespace Hale.Logs;

/// <summary>
/// One service's own log: the last <see cref="ServiceLogOptions.Lines"/> lines its children wrote (both streams, each with its
/// time and stream, control characters escaped), the followers that see each new line as it is read (<c>hale logs -f</c>), and
/// its optional files (<see cref="ServiceLogFiles"/>).
/// </summary>
/// <remarks>
/// <para>
/// The <see cref="Supervisor"/> makes one per service and hands it from one loop to the next when a reload restarts the service,
/// so the lines survive restarts; it closes the log when the service is removed (followers end then). <see cref="Add"/> is
/// called on the reading task of the child's output and never waits: the ring forgets its oldest line, a slow follower and a
/// slow disk drop lines and count them.
/// </para>
/// <para>Thread-safe: one lock around the ring and the followers; files are written by their own task.</para>
/// </remarks>
internal sealed class ServiceLog : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LogRing<ServiceLogLine> _ring;
    private ServiceLogFollower[] _followers = [];
    private ServiceLogFiles? _files;
    private ServiceLogOptions _options;
    private bool _closed;

    /// <summary>Creates the log; files, if any, are opened with the first line.</summary>
    /// <param name="service">The service's name.</param>
    /// <param name="options">The ring's size and the files.</param>
    /// <param name="time">Stamps the lines.</param>
    /// <param name="logger">Where file problems are reported.</param>
    public ServiceLog(string service, ServiceLogOptions options, TimeProvider time, ILogger logger)
    {
        Service = service;
        _options = options;
        _time = time;
        _logger = logger;
        _ring = new LogRing<ServiceLogLine>(options.Lines);
        _files = options.HasFiles ? new ServiceLogFiles(service, options, time, logger) : null;
    }

    /// <summary>The service's name.</summary>
    public string Service { get; }

    /// <summary>The options in force.</summary>
    public ServiceLogOptions Options => Volatile.Read(ref _options);

    /// <summary>Lines not written to the files because the disk did not keep up, since the files were last opened.</summary>
    public long FileLinesDropped => Volatile.Read(ref _files)?.Dropped ?? 0;

    /// <summary>Keeps a line the child wrote and hands it to the followers and the files; never waits, never throws.</summary>
    /// <param name="line">The line as read.</param>
    public void Add(OutputLine line)
    {
        var entry = new ServiceLogLine(_time.GetUtcNow(), line.Stream, SafeText.Escape(line.Text, int.MaxValue));
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _ring.Add(entry);
            _files?.Enqueue(entry);
            foreach (var follower in _followers)
            {
                if (follower.Filter(entry))
                {
                    follower.Push(entry);
                }
            }
        }
    }

    /// <summary>The newest <paramref name="count"/> kept lines of <paramref name="stream"/>, oldest first.</summary>
    /// <param name="count">At most this many.</param>
    /// <param name="stream">Only this stream; null: both.</param>
    /// <returns>The lines.</returns>
    public IReadOnlyList<ServiceLogLine> Tail(int count, OutputStream? stream = null)
    {
        var filter = Filter(stream);
        lock (_lock)
        {
            return _ring.Last(count, filter);
        }
    }

    /// <summary>
    /// Starts following: the newest <paramref name="backlog"/> kept lines, then every new line, with nothing lost or repeated
    /// between the two. On a closed log the follower's <see cref="ServiceLogFollower.Lines"/> is complete at once.
    /// </summary>
    /// <param name="backlog">How many kept lines come first.</param>
    /// <param name="stream">Only this stream; null: both.</param>
    /// <returns>The follower; dispose it to stop.</returns>
    public ServiceLogFollower Follow(int backlog, OutputStream? stream = null)
    {
        var filter = Filter(stream);
        lock (_lock)
        {
            var follower = new ServiceLogFollower(this, filter, _ring.Last(backlog, filter));
            if (_closed)
            {
                follower.Complete();
            }
            else
            {
                _followers = [.. _followers, follower];
            }

            return follower;
        }
    }

    /// <summary>
    /// Applies new options (a reload): the ring keeps its newest lines that fit the new size; files whose settings changed are
    /// closed (what is queued is written first, in the background) and the new ones opened with the next line.
    /// </summary>
    /// <param name="options">The new options.</param>
    public void Apply(ServiceLogOptions options)
    {
        ServiceLogFiles? old = null;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _ring.Resize(options.Lines);
            var current = Volatile.Read(ref _options);
            if (current.File != options.File || current.StderrFile != options.StderrFile || current.MaxBytes != options.MaxBytes || current.Keep != options.Keep)
            {
                old = _files;
                Volatile.Write(ref _files, options.HasFiles ? new ServiceLogFiles(Service, options, _time, _logger) : null);
            }

            Volatile.Write(ref _options, options);
        }

        if (old is not null)
        {
            _ = old.DisposeAsync().AsTask();
        }
    }

    /// <summary>Closes the log (the service was removed, or Hale stops): followers end, files are closed, later lines are ignored.</summary>
    /// <returns>A task that completes when the files are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        ServiceLogFiles? files;
        ServiceLogFollower[] followers;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            files = _files;
            _files = null;
            followers = _followers;
            _followers = [];
        }

        foreach (var follower in followers)
        {
            follower.Complete();
        }

        if (files is not null)
        {
            await files.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Forgets a follower (it was disposed).</summary>
    internal void Unfollow(ServiceLogFollower follower)
    {
        lock (_lock)
        {
            _followers = [.. _followers.Where(f => !ReferenceEquals(f, follower))];
        }
    }

    private static Func<ServiceLogLine, bool> Filter(OutputStream? stream) =>
        stream is { } only ? line => line.Stream == only : static _ => true;
}
