using Hale.Services;
using Hale.Text;

namespace Hale.Hosting.Explain;

/// <summary>
/// Why a supervised service is in its state, from its <see cref="ServiceStatus"/> and definition: the start limit and hold,
/// the backoff, what a start waits for, the start window, readiness, the stop in progress.
/// </summary>
internal static class ServiceExplainer
{
    /// <summary>Explains <paramref name="s"/>.</summary>
    /// <param name="s">The service's status.</param>
    /// <param name="definition">Its definition (policies, readiness, dependencies); null when unknown (defaults assumed).</param>
    /// <param name="services">Other services' status by name (for service dependencies).</param>
    /// <param name="now">The current time.</param>
    /// <param name="full">Whether details that may hold secrets (the last error) are shown.</param>
    public static Explanation Explain(ServiceStatus s, ServiceDefinition? definition, Func<string, ServiceStatus?> services, DateTimeOffset now, bool full)
    {
        var restart = definition?.Restart ?? new RestartPolicy();
        var limit = restart.Limit;
        var name = s.Name;
        var recent = s.RecentStarts.Count(at => at + limit.Within > now);
        var inputs = new List<ExplainInput>
        {
            new("wanted", s.Wanted ? "yes" : "no: stopped by an operator (or autostart: false)"),
        };
        if (s.Pid is { } pid)
        {
            inputs.Add(new("pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), s.HasInstance ? s.StartedAt : null));
        }

        inputs.Add(new("starts in window", $"{(s.State == ServiceState.Fatal ? s.RecentStarts.Count() : recent)} of {limit.Starts} within {ExplainFormat.Seconds(limit.Within)}"));
        inputs.Add(new("restarts", $"{s.Restarts} ({s.ConsecutiveFailures} consecutive failures)"));
        if (s.LastExit is { } exit)
        {
            inputs.Add(new("last exit", exit.Description, exit.At));
        }

        if (full && s.LastError is { } error)
        {
            inputs.Add(new("last error", SafeText.RedactUrls(error)));
        }

        foreach (var dependency in definition?.DependsOn ?? [])
        {
            inputs.Add(dependency.Check is { } check
                ? CheckSnapshots.Input("depends on", check, dependency.Name)
                : services(dependency.Name) is { } other
                    ? new("depends on", $"service {other.Name} is {Format(other.State)}", other.Since)
                    : new("depends on", $"service {dependency.Name} (unknown)"));
        }

        if (definition?.Ready is { } ready)
        {
            inputs.Add(CheckSnapshots.Input("readiness", ready, "ready"));
        }

        var (rule, changes) = RuleFor(s, restart, recent, now);
        return new Explanation("service", name, Format(s.State), s.Since, rule, inputs, changes);
    }

    private static (string Rule, List<string> WouldChange) RuleFor(ServiceStatus s, RestartPolicy restart, int recent, DateTimeOffset now)
    {
        var name = s.Name;
        var limit = restart.Limit;
        var lastExit = s.LastExit is { } exit ? $", last {exit.Description} at {ExplainFormat.Time(exit.At)}" : string.Empty;
        switch (s.State)
        {
            case ServiceState.Fatal:
                var held = $"held: {s.RecentStarts.Count()} starts within {ExplainFormat.Seconds(limit.Within)} (limit {limit.Starts}){lastExit}";
                return (held, s.HeldUntil is { } until
                    ? [$"`hale ctl reset {name}` (clears the hold and the backoff, and starts it)", $"wait {ExplainFormat.Duration(until - now)}: the hold ends at {ExplainFormat.Time(until)}"]
                    : [$"`hale ctl reset {name}`: the hold lasts until an operator resets it"]);
            case ServiceState.Backoff or ServiceState.Exited when s.WaitingFor is { } waiting:
                return ($"waiting: a start needs {waiting} healthy{lastExit}", [$"{waiting} becomes healthy (a service ready, a check OK)", $"`hale ctl stop {name}` (stops waiting)"]);
            case ServiceState.Backoff:
                var next = s.NextStartAt is { } at ? $"; next start in {ExplainFormat.Duration(at - now)} at {ExplainFormat.Time(at)}" : string.Empty;
                var left = Math.Max(limit.Starts - recent, 0);
                return (
                    $"backoff: {s.ConsecutiveFailures} consecutive failed starts or crashes{lastExit}{next}",
                    [
                        s.NextStartAt is { } when ? $"wait {ExplainFormat.Duration(when - now)}: it starts again at {ExplainFormat.Time(when)}" : "it starts again when the backoff ends",
                        $"`hale ctl start {name}` (starts it now, skipping the backoff)",
                        $"{left} more starts within {ExplainFormat.Seconds(limit.Within)} put it on hold",
                        $"`hale ctl stop {name}` (stops retrying)",
                    ]);
            case ServiceState.Exited:
                return ($"exited{lastExit}; it starts again at once", [$"`hale ctl stop {name}`"]);
            case ServiceState.Stopped when !s.Wanted:
                return ($"stopped on purpose: not wanted (an operator's stop, or autostart: false){lastExit}", [$"`hale ctl start {name}`"]);
            case ServiceState.Stopped when s.WaitingFor is { } dependency:
                return ($"waiting: a start needs {dependency} healthy", [$"{dependency} becomes healthy (a service ready, a check OK)"]);
            case ServiceState.Stopped:
                return ($"stopped{lastExit}", [$"`hale ctl start {name}`"]);
            case ServiceState.Starting:
                var end = s.StartedAt is { } started ? started + restart.StartWindow : (DateTimeOffset?)null;
                return (
                    $"starting: in its start window of {ExplainFormat.Seconds(restart.StartWindow)}; an exit before it ends is a failed start",
                    [end is { } e ? $"staying alive until {ExplainFormat.Time(e)} (in {ExplainFormat.Duration(e - now)}) makes it running" : "staying alive past the start window makes it running"]);
            case ServiceState.Running:
                return ("running: alive past its start window, but its readiness check does not pass (yet)", ["the readiness check passes: ready", $"`hale ctl stop|restart {name}`"]);
            case ServiceState.Ready:
                return ("ready: alive past its start window, and its readiness check passes (or it has none)",
                    [$"an exit or a failing liveness check: backoff (restarts with a delay from {ExplainFormat.Seconds(restart.BackoffInitial)} up to {ExplainFormat.Seconds(restart.BackoffMax)})", "a failing readiness check: running", $"`hale ctl stop|restart {name}`"]);
            case ServiceState.Stopping:
                return (
                    s.KillAt is { } kill ? $"stopping: the stop was sent; SIGKILL at {ExplainFormat.Time(kill)} if it has not exited" : "stopping: the stop was sent",
                    [s.RestartAfterStop ? "its exit: it starts again (a restart)" : "its exit: stopped", s.KillAt is { } k ? $"wait {ExplainFormat.Duration(k - now)}: SIGKILL" : "its exit"]);
            default:
                return (Format(s.State), []);
        }
    }

    /// <summary>A state in status's words (lower case).</summary>
    public static string Format(ServiceState state) => state.ToString().ToLowerInvariant();
}
