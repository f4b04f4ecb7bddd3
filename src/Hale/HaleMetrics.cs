using System.Diagnostics.Metrics;

namespace Hale;

/// <summary>
/// Hale's instruments, on one <see cref="Meter"/> named <c>Hale</c> (<see cref="MeterName"/>): the events counted where they
/// happen (check transitions, probe durations, schedule lag, service restarts, action commands, HAProxy applies and drift repairs). The
/// gauges of live state (check, service and failover state, a check's last duration, uptime, lease age) are observable
/// instruments on the same meter, created by the engine that owns that state. Names are dotted OpenTelemetry names with units; a Prometheus exporter turns
/// <c>hale.check.transitions</c> into <c>hale_check_transitions_total</c> and <c>hale.probe.duration</c> (unit <c>s</c>) into
/// <c>hale_probe_duration_seconds</c>. Process-wide; recording without a listener costs next to nothing. Thread-safe.
/// </summary>
internal static class HaleMetrics
{
    /// <summary>The meter's name, for <c>AddMeter</c> or a <see cref="MeterListener"/>.</summary>
    public const string MeterName = "Hale";

    /// <summary>The probe duration histogram's bucket bounds, in seconds: 1 ms to 10 s (a probe's timeout is rarely longer).</summary>
    public static readonly IReadOnlyList<double> ProbeBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The meter every Hale instrument is created on.</summary>
    public static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> CheckTransitions = Meter.CreateCounter<long>(
        "hale.check.transitions", "{transition}", "Changes of a named check's status (labels: check, to = ok|fail|error), the first observation included.");

    private static readonly Histogram<double> ProbeDuration = Meter.CreateHistogram(
        "hale.probe.duration",
        "s",
        "How long an evaluation of a named check took, in seconds (no label: all checks together; each check's last duration is the gauge hale.check.duration).",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProbeBuckets });

    private static readonly Histogram<double> ScheduleLag = Meter.CreateHistogram(
        "hale.check.schedule_lag",
        "s",
        "How late a scheduled run of a named check started after its planned time, in seconds (no label: all checks together).",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ProbeBuckets });

    private static readonly Counter<long> ServiceRestarts = Meter.CreateCounter<long>(
        "hale.service.restarts", "{restart}", "Failures of a supervised service that counted towards its restart policy (label: service).");

    private static readonly Counter<long> ActionRuns = Meter.CreateCounter<long>(
        "hale.action.runs", "{command}", "Commands an action ran (labels: action, side = promote|demote).");

    private static readonly Counter<long> ActionFailures = Meter.CreateCounter<long>(
        "hale.action.failures", "{command}", "Commands of an action that failed: a non-zero exit or a timeout (labels: action, side).");

    private static readonly Counter<long> BalancerApplies = Meter.CreateCounter<long>(
        "hale.haproxy.applies", "{apply}", "Server states set on an HAProxy (labels: balancer, result = ok|refused|error).");

    private static readonly Counter<long> BalancerDriftRepairs = Meter.CreateCounter<long>(
        "hale.haproxy.drift_repairs", "{repair}", "Servers found in another state than Hale set, to be set again (label: balancer).");

    /// <summary>Counts a change of a named check's status.</summary>
    /// <param name="check">The check's name.</param>
    /// <param name="to">The new status.</param>
    public static void CheckTransitioned(string check, Checks.CheckStatus to) =>
        CheckTransitions.Add(1, new KeyValuePair<string, object?>("check", check), new KeyValuePair<string, object?>("to", StatusLabel(to)));

    /// <summary>Records the duration of one evaluation of a named check in the histogram of all checks. It has no per-check
    /// label: 14 series a check made 140,000 of a scrape's 220,000 samples at 10,000 checks (bench/RESULTS.md), so a check's own
    /// duration is its last one, a gauge read at each scrape, as HAProxy's <c>haproxy_server_check_duration_seconds</c> and
    /// blackbox_exporter's <c>probe_duration_seconds</c>.</summary>
    /// <param name="duration">How long it took.</param>
    public static void ProbeCompleted(TimeSpan duration) => ProbeDuration.Record(duration.TotalSeconds);

    /// <summary>Records how late a scheduled run of a named check started.</summary>
    /// <param name="lag">Its actual start minus its planned start; zero or more.</param>
    public static void ScheduleLagged(TimeSpan lag) => ScheduleLag.Record(lag.TotalSeconds);

    /// <summary>Counts a failure of a service that counts towards its restart policy.</summary>
    /// <param name="service">The service's name.</param>
    public static void ServiceRestarted(string service) =>
        ServiceRestarts.Add(1, new KeyValuePair<string, object?>("service", service));

    /// <summary>Counts a command of an action, and its failure.</summary>
    /// <param name="action">The action's name.</param>
    /// <param name="side">Its side.</param>
    /// <param name="succeeded">Whether the command exited 0.</param>
    public static void ActionCommandRan(string action, Actions.ActionSide side, bool succeeded)
    {
        var sideLabel = side == Actions.ActionSide.Promote ? "promote" : "demote";
        ActionRuns.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("side", sideLabel));
        if (!succeeded)
        {
            ActionFailures.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("side", sideLabel));
        }
    }

    /// <summary>Counts one attempt to set a server's state on a balancer.</summary>
    /// <param name="balancer">The balancer's name.</param>
    /// <param name="result"><c>ok</c>, <c>refused</c> (HAProxy answered with an error) or <c>error</c> (unreachable, timed out).</param>
    public static void BalancerApplied(string balancer, string result) =>
        BalancerApplies.Add(1, new KeyValuePair<string, object?>("balancer", balancer), new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts a server found drifted from the state Hale set (it is set again).</summary>
    /// <param name="balancer">The balancer's name.</param>
    public static void BalancerDrifted(string balancer) =>
        BalancerDriftRepairs.Add(1, new KeyValuePair<string, object?>("balancer", balancer));

    /// <summary>The label value of a check status: <c>ok</c>, <c>fail</c>, <c>error</c>, or <c>unknown</c> for null.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The label value.</returns>
    public static string StatusLabel(Checks.CheckStatus? status) => status switch
    {
        Checks.CheckStatus.Ok => "ok",
        Checks.CheckStatus.Fail => "fail",
        Checks.CheckStatus.Error => "error",
        _ => "unknown",
    };
}
