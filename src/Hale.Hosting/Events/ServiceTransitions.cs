using System.Collections.Concurrent;
using System.Globalization;
using Hale.Services;

namespace Hale.Hosting.Events;

/// <summary>
/// Turns the supervisor's status notifications (sent for every change: a pid, a restart count, an output line) into journal
/// events for changes of state only. Thread-safe: each service's notifications come from its own loop, in order.
/// </summary>
internal sealed class ServiceTransitions(TransitionJournal journal)
{
    private readonly ConcurrentDictionary<string, ServiceState> _last = new(StringComparer.Ordinal);

    /// <summary>Records a transition when <paramref name="status"/>'s state differs from the last one seen for its service.</summary>
    public void Observe(ServiceStatus status)
    {
        var known = _last.TryGetValue(status.Name, out var before);
        if (known && before == status.State)
        {
            return;
        }

        _last[status.Name] = status.State;
        journal.Record(TransitionKind.Service, status.Name, known ? Format(before) : null, Format(status.State), Describe(status));
    }

    /// <summary>The state as <c>/-/status</c> writes it.</summary>
    public static string Format(ServiceState state) => state.ToString().ToLowerInvariant();

    private static string? Describe(ServiceStatus s) => s.State switch
    {
        ServiceState.Starting or ServiceState.Running or ServiceState.Ready when s.Pid is { } pid => string.Create(CultureInfo.InvariantCulture, $"pid {pid}"),
        ServiceState.Fatal => (s.HeldUntil is { } until ? "held until " + until.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : "held until an operator resets it")
            + "; last: " + (s.LastExit?.Description ?? s.LastError),
        ServiceState.Exited or ServiceState.Backoff => s.LastExit?.Description ?? s.LastError,
        ServiceState.Stopped when s.WaitingFor is { } waiting => "waiting for " + waiting,
        _ => s.LastError,
    };
}
