using System.Diagnostics.Metrics;
using Hale.Checks;
using Hale.Hosting.Status;
using Hale.Services;

namespace Hale.Hosting.Metrics;

/// <summary>
/// The observable gauges of the <c>Hale</c> meter: the live state of every running <see cref="HaleEngine"/>, read from the
/// engine at each collection (so a check, service or group removed by a reload is gone from the next scrape, and nothing is
/// reported between scrapes). An engine is observed from its start to its stop (<see cref="Observe"/>); a process hosting
/// several engines reports all of them. Thread-safe.
/// </summary>
internal static class EngineGauges
{
    private static readonly string[] CheckStates = ["ok", "fail", "error", "unknown"];
    private static readonly string[] ServiceStates = [.. Enum.GetValues<ServiceState>().Select(s => s.ToString().ToLowerInvariant())];
    private static readonly string[] Roles = ["active", "standby", "demoting", "starting"];

    /// <summary>The roles a group is labelled with (<c>hale.failover.role</c>).</summary>
    internal static int RolesPerGroup => Roles.Length;
    private static readonly Lock Gate = new();
    private static HaleEngine[] _engines = [];

    static EngineGauges()
    {
        var meter = HaleMetrics.Meter;
        meter.CreateObservableGauge("hale.check.up", () => Checks<int>((check, status) => status is null ? [] : [Measure(status == CheckStatus.Ok ? 1 : 0, "check", check)]),
            unit: null, description: "1 when a named check's last status is ok, 0 when fail or error; absent before its first result (label: check).");
        meter.CreateObservableGauge("hale.check.state", () => Checks<int>((check, status) => CheckStates.Select(s => Measure(s == HaleMetrics.StatusLabel(status) ? 1 : 0, "check", check, "state", s))),
            unit: null, description: "1 for a named check's current status, 0 for the others (labels: check, state = ok|fail|error|unknown).");
        meter.CreateObservableGauge("hale.check.duration", () => Checks<double>(LastDuration),
            unit: "s", description: "Seconds the last evaluation of a named check took; absent before its first result (label: check).");
        meter.CreateObservableGauge("hale.service.up", () => Services<int>((status, _) => [Measure(IsUp(status) ? 1 : 0, "service", status.Name)]),
            unit: null, description: "1 when a supervised service is running (or ready), else 0 (label: service).");
        meter.CreateObservableGauge("hale.service.state", () => Services<int>((status, _) => ServiceStates.Select(s => Measure(s == ServiceStates[(int)status.State] ? 1 : 0, "service", status.Name, "state", s))),
            unit: null, description: "1 for a supervised service's current state, 0 for the others (labels: service, state).");
        meter.CreateObservableGauge("hale.service.uptime", () => Services(Uptime),
            unit: "s", description: "Seconds since a running service's process started; absent while it has no process (label: service).");
        meter.CreateObservableGauge("hale.failover.active", () => Groups<int>((group, _) => [Measure(group.Role == "active" ? 1 : 0, "group", group.Name)]),
            unit: null, description: "1 when this node is the active member of a failover group, else 0 (label: group).");
        meter.CreateObservableGauge("hale.failover.role", () => Groups<int>((group, _) => Roles.Select(r => Measure(r == group.Role ? 1 : 0, "group", group.Name, "role", r))),
            unit: null, description: "1 for this node's current role in a failover group, 0 for the others (labels: group, role = active|standby|demoting|starting).");
        meter.CreateObservableGauge("hale.failover.lease_age", () => Groups<double>((group, _) => group.LeaseAge is { } age ? [new Measurement<double>(age.TotalSeconds, new KeyValuePair<string, object?>("group", group.Name))] : []),
            unit: "s", description: "Seconds since the send of the last lease renewal the coordination store answered (etcd groups; label: group).");
    }

    /// <summary>Reports <paramref name="engine"/>'s state until the returned handle is disposed.</summary>
    /// <param name="engine">A running engine.</param>
    /// <returns>Stops observing it; idempotent.</returns>
    public static IDisposable Observe(HaleEngine engine)
    {
        lock (Gate)
        {
            _engines = [.. _engines, engine];
        }

        return new Registration(engine);
    }

    private static bool IsUp(ServiceStatus status) => status.State is ServiceState.Running or ServiceState.Ready;

    private static IEnumerable<Measurement<double>> Uptime(ServiceStatus status, TimeProvider time) =>
        IsUp(status) && status.HasInstance && status.StartedAt is { } started
            ? [new Measurement<double>(Math.Max(0, (time.GetUtcNow() - started).TotalSeconds), new KeyValuePair<string, object?>("service", status.Name))]
            : [];

    private static IEnumerable<Measurement<double>> LastDuration(NamedCheck check) =>
        check.LastDuration is { } duration ? [new Measurement<double>(duration.TotalSeconds, new KeyValuePair<string, object?>("check", check.Name))] : [];

    private static IEnumerable<Measurement<T>> Checks<T>(Func<string, CheckStatus?, IEnumerable<Measurement<T>>> measure)
        where T : struct =>
        Checks<T>(check => measure(check.Name, check.Status));

    private static IEnumerable<Measurement<T>> Checks<T>(Func<NamedCheck, IEnumerable<Measurement<T>>> measure)
        where T : struct =>
        Volatile.Read(ref _engines).SelectMany(e => e.Components).SelectMany(c => measure(c.Check));

    private static IEnumerable<Measurement<T>> Services<T>(Func<ServiceStatus, TimeProvider, IEnumerable<Measurement<T>>> measure)
        where T : struct =>
        Volatile.Read(ref _engines).SelectMany(e => e.Supervisor.Statuses.SelectMany(s => measure(s, e.Time)));

    private static IEnumerable<Measurement<T>> Groups<T>(Func<GroupStatus, TimeProvider, IEnumerable<Measurement<T>>> measure)
        where T : struct =>
        Volatile.Read(ref _engines).SelectMany(e => e.GroupStatuses.SelectMany(g => measure(g, e.Time)));

    private static Measurement<int> Measure(int value, string key, string name) =>
        new(value, new KeyValuePair<string, object?>(key, name));

    private static Measurement<int> Measure(int value, string key, string name, string key2, string value2) =>
        new(value, new KeyValuePair<string, object?>(key, name), new KeyValuePair<string, object?>(key2, value2));

    private sealed class Registration(HaleEngine engine) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            lock (Gate)
            {
                _engines = [.. _engines.Where(e => !ReferenceEquals(e, engine))];
            }
        }
    }
}
