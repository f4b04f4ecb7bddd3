using System.Collections.Immutable;

namespace Hale.Services;

/// <summary>
/// The pure state machine of a supervised service: <c>(status, input, now) → (status, effect)</c>, applied by the one loop
/// that owns the service. No I/O, no clock, no randomness of its own: all of it comes in.
/// </summary>
/// <remarks>
/// <para>Start gate: a start happens only while the service is wanted, no instance is alive, its dependencies are healthy
/// (<see cref="ServiceStatus.WaitingFor"/> is null), the backoff delay has passed and it is not on hold. When a dependency
/// recovers, the backoff is reset and the start happens at once.</para>
/// <para>Start window: it runs from the program's exec (<see cref="ServiceInput.Started.At"/>), not from the decision to start,
/// so a start that waited behind others is not counted as time the program ran.</para>
/// <para>Failures: an exit within the start window (judged by the exit time, however late it is processed) or a failed start
/// is a failed start; an exit later is a crash. Both count a consecutive failure (reset when the instance had run for
/// <see cref="RestartPolicy.ResetAfter"/>) and wait <see cref="RestartPolicy.DelayAfter"/> before the next start.</para>
/// <para>Start limit: the <see cref="StartLimit.Starts"/>-th start within <see cref="StartLimit.Within"/> is refused and the service
/// is held (<see cref="ServiceState.Fatal"/>) for <see cref="StartLimit.Hold"/>, or until an operator's reset; then it starts afresh.</para>
/// <para>Stop: the stop signal, then SIGKILL of the group at <see cref="StopPolicy.Timeout"/>.</para>
/// <para>Every exit of an instance is kept in <see cref="ServiceStatus.LastExit"/>. A backoff that ends while the service waits
/// for a dependency asks for no wake-up: the dependency's recovery starts it.</para>
/// </remarks>
internal static class ServiceStateMachine
{
    /// <summary>Applies one input.</summary>
    /// <param name="status">The current status.</param>
    /// <param name="input">What happened.</param>
    /// <param name="now">The current time.</param>
    /// <param name="policies">The service's policies.</param>
    /// <param name="random">A number in [0, 1) for the backoff jitter.</param>
    /// <returns>The new status and the effect to carry out.</returns>
    public static ServiceTransition Apply(ServiceStatus status, ServiceInput input, DateTimeOffset now, ServicePolicies policies, double random)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policies);
        return input switch
        {
            ServiceInput.Tick => OnTick(status, now, policies),
            ServiceInput.Dependencies d => OnDependencies(status, d.FirstUnhealthy, now, policies),
            ServiceInput.Started started => status.State == ServiceState.Starting
                ? Stay(status with { Pid = started.Pid, StartedAt = started.At ?? status.StartedAt })
                : Stay(status),
            ServiceInput.StartFailed failed => status.State == ServiceState.Starting
                ? Fail(status, $"start failed: {failed.Error}", now, policies, random)
                : Stay(status),
            ServiceInput.StartWithheld withheld => status.State == ServiceState.Starting && status.Pid is null
                ? Stay(Withhold(status, withheld.Reason, now))
                : Stay(status),
            ServiceInput.PidChanged changed => Stay(status.HasInstance ? status with { Pid = changed.Pid } : status),
            ServiceInput.Exited exited => OnExited(status, exited, now, policies, random),
            ServiceInput.Readiness r => OnReadiness(status, r.IsReady, now, policies),
            ServiceInput.Operator op => OnOperator(status, op.Command, now, policies),
            _ => Stay(status),
        };
    }

    /// <summary>When the owner must send the next <see cref="ServiceInput.Tick"/>, or null when no time-based change is pending.</summary>
    /// <param name="status">The status.</param>
    /// <param name="policies">The service's policies.</param>
    /// <returns>The time.</returns>
    public static DateTimeOffset? NextWakeAt(ServiceStatus status, ServicePolicies policies)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(policies);
        return status.State switch
        {
            ServiceState.Starting => status.StartedAt + policies.Restart.StartWindow,
            ServiceState.Stopping => status.KillAt,
            ServiceState.Backoff when status.WaitingFor is null => status.NextStartAt,
            ServiceState.Fatal => status.HeldUntil,
            _ => null,
        };
    }

    private static ServiceTransition OnTick(ServiceStatus s, DateTimeOffset now, ServicePolicies p)
    {
        switch (s.State)
        {
            case ServiceState.Starting when s.StartedAt + p.Restart.StartWindow <= now:
                return Stay(Enter(s, p.HasReadinessCheck ? ServiceState.Running : ServiceState.Ready, now));
            case ServiceState.Stopping when s.KillAt <= now:
                return new ServiceTransition(s with { KillAt = null }, ServiceEffect.Kill);
            case ServiceState.Starting or ServiceState.Running or ServiceState.Ready or ServiceState.Stopping:
                return Stay(s);
            default:
                return TryStart(s, now, p);
        }
    }

    private static ServiceTransition OnDependencies(ServiceStatus s, string? firstUnhealthy, DateTimeOffset now, ServicePolicies p)
    {
        if (firstUnhealthy is not null)
        {
            var waiting = s with { WaitingFor = firstUnhealthy, WaitingSince = s.WaitingSince ?? now };
            return s.HasInstance ? Stay(waiting) : TryStart(waiting, now, p);
        }

        var recovered = s.WaitingFor is not null;
        s = s with { WaitingFor = null, WaitingSince = null };
        if (recovered && !s.HasInstance && s.State != ServiceState.Fatal)
        {
            s = s with { ConsecutiveFailures = 0, NextStartAt = null };
        }

        return s.HasInstance ? Stay(s) : TryStart(s, now, p);
    }

    private static ServiceTransition OnExited(ServiceStatus s, ServiceInput.Exited exited, DateTimeOffset now, ServicePolicies p, double random)
    {
        if (!s.HasInstance)
        {
            return Stay(s);
        }

        s = s with { LastExit = new ServiceExit(exited.At, exited.ExitCode, exited.Signal, exited.Description) };
        if (s.State == ServiceState.Stopping || !s.Wanted)
        {
            var stopped = Enter(s, ServiceState.Stopped, now) with { Pid = null, KillAt = null, LastError = s.LastError };
            if (!s.RestartAfterStop || !s.Wanted)
            {
                return Stay(stopped with { RestartAfterStop = false });
            }

            return TryStart(stopped with { RestartAfterStop = false, ConsecutiveFailures = 0, NextStartAt = null }, now, p);
        }

        var ranFor = exited.At - (s.StartedAt ?? exited.At);
        if (s.State == ServiceState.Starting || ranFor < p.Restart.StartWindow)
        {
            return Fail(s, $"exited within its start window ({exited.Description})", now, p, random);
        }

        if (ranFor >= p.Restart.ResetAfter)
        {
            s = s with { ConsecutiveFailures = 0 };
        }

        return Fail(s, $"exited after {ranFor.TotalSeconds:0.###} s ({exited.Description})", now, p, random);
    }

    private static ServiceTransition OnReadiness(ServiceStatus s, bool ready, DateTimeOffset now, ServicePolicies p)
    {
        if (!p.HasReadinessCheck)
        {
            return Stay(s);
        }

        return (s.State, ready) switch
        {
            (ServiceState.Running, true) => Stay(Enter(s, ServiceState.Ready, now)),
            (ServiceState.Ready, false) => Stay(Enter(s, ServiceState.Running, now)),
            _ => Stay(s),
        };
    }

    private static ServiceTransition OnOperator(ServiceStatus s, ServiceCommand command, DateTimeOffset now, ServicePolicies p)
    {
        switch (command)
        {
            case ServiceCommand.Stop:
                s = s with { Wanted = false, RestartAfterStop = false, NextStartAt = null };
                return s.HasInstance ? BeginStop(s, now, p) : Stay(Enter(s, ServiceState.Stopped, now));
            case ServiceCommand.Restart:
                s = s with { Wanted = true, ConsecutiveFailures = 0, NextStartAt = null };
                return s.HasInstance ? BeginStop(s with { RestartAfterStop = true }, now, p) : TryStart(s, now, p);
            case ServiceCommand.Reset:
                s = s with
                {
                    Wanted = true, HeldUntil = null, RecentStarts = [], ConsecutiveFailures = 0, NextStartAt = null, LastError = null,
                };
                if (s.State == ServiceState.Fatal)
                {
                    s = Enter(s, ServiceState.Stopped, now);
                }

                return s.HasInstance ? Stay(s) : TryStart(s, now, p);
            default:
                s = s with { Wanted = true, NextStartAt = null };
                return s.HasInstance ? Stay(s) : TryStart(s, now, p);
        }
    }

    /// <summary>A start withheld before it ran: stopped and not wanted, and the start taken back out of the recent starts.</summary>
    private static ServiceStatus Withhold(ServiceStatus s, string reason, DateTimeOffset now)
    {
        var recent = s.RecentStarts.ToList();
        if (recent.Count > 0 && recent[^1] == s.StartedAt)
        {
            recent.RemoveAt(recent.Count - 1);
        }

        return Enter(s, ServiceState.Stopped, now) with
        {
            Wanted = false,
            RestartAfterStop = false,
            StartedAt = null,
            NextStartAt = null,
            RecentStarts = ImmutableQueue.CreateRange(recent),
            LastError = $"start withheld: {reason}",
        };
    }

    private static ServiceTransition BeginStop(ServiceStatus s, DateTimeOffset now, ServicePolicies p)
    {
        if (s.State == ServiceState.Stopping)
        {
            return Stay(s);
        }

        return new ServiceTransition(Enter(s, ServiceState.Stopping, now) with { KillAt = now + p.Stop.Timeout }, ServiceEffect.Stop);
    }

    private static ServiceTransition Fail(ServiceStatus s, string error, DateTimeOffset now, ServicePolicies p, double random)
    {
        var failures = s.ConsecutiveFailures + 1;
        var delay = p.Restart.DelayAfter(failures, random);
        s = s with
        {
            Pid = null,
            LastError = error,
            ConsecutiveFailures = failures,
            Restarts = s.Restarts + 1,
            NextStartAt = now + delay,
        };
        s = Enter(s, delay > TimeSpan.Zero ? ServiceState.Backoff : ServiceState.Exited, now);
        return TryStart(s, now, p);
    }

    private static ServiceTransition TryStart(ServiceStatus s, DateTimeOffset now, ServicePolicies p)
    {
        if (s.HasInstance)
        {
            return Stay(s);
        }

        if (!s.Wanted)
        {
            return Stay(s.State == ServiceState.Stopped ? s : Enter(s, ServiceState.Stopped, now));
        }

        if (s.State == ServiceState.Fatal)
        {
            if (s.HeldUntil is not { } until || now < until)
            {
                return Stay(s);
            }

            s = Enter(s, ServiceState.Exited, now) with { HeldUntil = null, RecentStarts = [], ConsecutiveFailures = 0, NextStartAt = null };
        }

        if (s.WaitingFor is not null)
        {
            return Stay(s);
        }

        if (s.NextStartAt is { } next && next > now)
        {
            return Stay(s.State == ServiceState.Backoff ? s : Enter(s, ServiceState.Backoff, now));
        }

        var limit = p.Restart.Limit;
        var recent = s.RecentStarts;
        while (!recent.IsEmpty && recent.Peek() + limit.Within <= now)
        {
            recent = recent.Dequeue();
        }

        if (recent.Count() >= limit.Starts)
        {
            var held = limit.Hold is { } hold ? now + hold : (DateTimeOffset?)null;
            var why = $"started {limit.Starts} times within {limit.Within.TotalSeconds:0.###} s; held "
                + (held is null ? "until an operator resets it" : $"for {limit.Hold!.Value.TotalSeconds:0.###} s");
            return Stay(Enter(s, ServiceState.Fatal, now) with { RecentStarts = recent, HeldUntil = held, NextStartAt = null, LastError = why });
        }

        var starting = Enter(s, ServiceState.Starting, now) with
        {
            StartedAt = now, Pid = null, RecentStarts = recent.Enqueue(now), NextStartAt = null,
        };
        return new ServiceTransition(starting, ServiceEffect.Start);
    }

    private static ServiceStatus Enter(ServiceStatus s, ServiceState state, DateTimeOffset now) =>
        s.State == state ? s : s with { State = state, Since = now };

    private static ServiceTransition Stay(ServiceStatus s) => new(s, ServiceEffect.None);
}
