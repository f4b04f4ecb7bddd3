using Hale.Processes;
using Hale.Services;
using Microsoft.Extensions.Logging;

namespace Hale.Tests.Services;

/// <summary>
/// One <see cref="Supervisor"/> of real children for a test: a temporary directory, an owner marker, short policies, and waits
/// with generous deadlines. Disposing stops the services and kills whatever carries the owner marker.
/// </summary>
internal sealed class SupervisorHarness : IAsyncDisposable
{
    public static readonly RestartPolicy Fast = new()
    {
        BackoffInitial = TimeSpan.FromMilliseconds(200),
        BackoffMax = TimeSpan.FromMilliseconds(400),
        Jitter = 0,
        StartWindow = TimeSpan.FromMilliseconds(300),
        ResetAfter = TimeSpan.FromSeconds(60),
        Limit = new StartLimit(100, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)),
    };

    private readonly string _owner = "hale-test-" + Guid.NewGuid().ToString("N");
    private Supervisor? _supervisor;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hale-supervisor-").FullName;

    public RecordingLoggerFactory Logs { get; } = new();

    public Supervisor Supervisor => _supervisor ?? throw new InvalidOperationException("not started");

    public ServiceStatus Status(string service) => Supervisor.GetStatus(service)!;

    public async ValueTask DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.StopAsync();
            await _supervisor.DisposeAsync();
        }

        ProcessTable.KillLeftovers(_owner);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A child run through <c>/bin/sh -c</c>, with <see cref="Fast"/> restarts, a 100 ms poll and a 5 s stop timeout.</summary>
    public ServiceDefinition Owned(string name, string command) => new()
    {
        Name = name,
        Run = new ProcessSpec { CommandLine = command, Owner = _owner },
        Restart = Fast,
        CheckInterval = TimeSpan.FromMilliseconds(100),
        Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromSeconds(5)),
    };

    /// <summary>A child that appends its name to <paramref name="file"/> when it gets SIGTERM (after <paramref name="delay"/>), then exits 0.</summary>
    public ServiceDefinition RecordsStop(string name, string file, string delay = "0") =>
        Owned(name, $"trap 'sleep {delay}; echo {name} >> {file}; exit 0' TERM; while true; do sleep 1 & wait $!; done");

    public async Task<Supervisor> StartAsync(params ServiceDefinition[] services)
    {
        _supervisor = new Supervisor(services, new SupervisorOptions { Owner = _owner, OrderGroupTimeout = TimeSpan.FromSeconds(20), LoggerFactory = Logs });
        await _supervisor.StartAsync();
        return _supervisor;
    }

    public async Task<ServiceStatus> WaitAsync(string service, Func<ServiceStatus, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (Supervisor.GetStatus(service) is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{service}: condition not met; last status {Supervisor.GetStatus(service)}");
    }

    public async Task<IReadOnlyList<RecordingLoggerFactory.Entry>> WaitForLogAsync(Func<RecordingLoggerFactory.Entry, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (Logs.Entries.Any(condition))
            {
                return Logs.Entries;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"log entry not seen:\n{string.Join('\n', Logs.Entries)}");
    }
}
