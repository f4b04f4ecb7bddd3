using System.Globalization;
using Hale.LoadBalancers;

namespace Hale.HAProxy.Supervisor;

/// <summary>
/// Turns supervisord's PROCESS_STATE events of watched programs into HAProxy server states, as supervisor-haproxy does.
/// </summary>
/// <remarks>
/// RUNNING → ready; STOPPING → drain; STARTING, BACKOFF, EXITED, STOPPED, FATAL, UNKNOWN → maint. Other events and
/// unwatched programs: OK, nothing logged. Connection refused: the first <see cref="MaxConsecutiveRefused"/> in a row
/// answer FAIL (supervisord re-queues the event); the next one starts a <see cref="SkipDuration"/> window in which
/// every event is answered OK unhandled, so that a dead HAProxy does not make supervisord spin. Not thread-safe: the
/// listener loop owns it.
/// </remarks>
internal sealed class SupervisorEventHandler
{
    public const int MaxConsecutiveRefused = 4;

    public static readonly TimeSpan SkipDuration = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, ServerAddress> _programs = new(StringComparer.Ordinal);
    private readonly ILoadBalancerRuntime _runtime;
    private readonly TimeProvider _timeProvider;
    private readonly TextWriter _log;
    private int _consecutiveRefused;
    private DateTimeOffset? _skipUntil;

    public SupervisorEventHandler(IEnumerable<ProgramMapping> programs, ILoadBalancerRuntime runtime, TimeProvider timeProvider, TextWriter log)
    {
        foreach (var program in programs)
        {
            _programs[program.Program] = program.Server;
        }

        _runtime = runtime;
        _timeProvider = timeProvider;
        _log = log;
    }

    /// <summary>The state an event asks for, or null for events that are not handled.</summary>
    public static ServerAdminState? ActionFor(string? eventName) => eventName switch
    {
        "PROCESS_STATE_RUNNING" => ServerAdminState.Ready,
        "PROCESS_STATE_STOPPING" => ServerAdminState.Drain,
        "PROCESS_STATE_STARTING" or "PROCESS_STATE_BACKOFF" or "PROCESS_STATE_EXITED"
            or "PROCESS_STATE_STOPPED" or "PROCESS_STATE_FATAL" or "PROCESS_STATE_UNKNOWN" => ServerAdminState.Maint,
        _ => null,
    };

    /// <summary>Handles one well-formed event; true to answer OK, false to answer FAIL.</summary>
    /// <exception cref="OperationCanceledException">The listener is stopping.</exception>
    public async Task<bool> HandleAsync(SupervisorEvent supervisorEvent, CancellationToken cancellationToken)
    {
        var eventName = supervisorEvent.EventName;
        if (ActionFor(eventName) is not { } action)
        {
            return true;
        }

        var payload = supervisorEvent.PayloadTokens();
        if (!payload.TryGetValue("processname", out var program) || !_programs.TryGetValue(program, out var server))
        {
            return true;
        }

        var now = _timeProvider.GetUtcNow();
        Log($"{IsoLocalTime(_timeProvider.GetLocalNow())} Received {eventName} (from {payload.GetValueOrDefault("from_state", "?")}) for {program},"
            + $" sending {action.ToString().ToUpperInvariant()} for {server}.");
        if (_skipUntil is { } until)
        {
            if (until < now)
            {
                _consecutiveRefused = 0;
                _skipUntil = null;
                Log("WARNING: resuming event handling.");
            }
            else
            {
                Log("WARNING: skipping event handling because too many connections were refused previously.");
                return true;
            }
        }

        try
        {
            await _runtime.SetServerStateAsync(server, action, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadBalancerException ex) when (ex.ConnectionRefused)
        {
            _consecutiveRefused++;
            if (_consecutiveRefused <= MaxConsecutiveRefused)
            {
                Log("ERROR: connection to HaProxy stats socket refused");
                return false;
            }

            Log($"WARNING: too many connections were refused, therefore this and all future events will be skipped unhandled for the next {SkipDuration.TotalSeconds:0} seconds.");
            _skipUntil = _timeProvider.GetUtcNow() + SkipDuration;
            return true;
        }
        catch (LoadBalancerException ex) when (!ex.Unreachable)
        {
            // HAProxy answered: the connection works, but it does not know the server (a configuration mismatch
            // that re-queueing cannot fix).
            Log($"WARNING: HaProxy answered {PythonRepr.Of(ex.Message)} to {PythonRepr.Of(HAProxyRuntimeClient.SetServerStateCommand(server, action))}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log($"ERROR: {ex.Message}");
            return false;
        }

        _consecutiveRefused = 0;
        return true;
    }

    /// <summary>Python's <c>datetime.isoformat()</c> of a naive local time: seconds, and microseconds only when not zero.</summary>
    public static string IsoLocalTime(DateTimeOffset localNow)
    {
        var time = localNow.DateTime;
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var microseconds = time.Ticks % TimeSpan.TicksPerSecond / 10;
        return microseconds == 0 ? text : text + "." + microseconds.ToString("000000", CultureInfo.InvariantCulture);
    }

    private void Log(string line)
    {
        _log.WriteLine(line);
        _log.Flush();
    }
}
