using System.Globalization;
using Hale.Failover;
using Hale.Failover.Election;
using Hale.Processes;
using Hale.Services;
using Hale.Text;

namespace Hale.Hosting.Engine.Election;

/// <summary>The loop's reactions: promotion, demotion, the group's commands, the service and the fence.</summary>
internal sealed partial class ElectionGroupLoop
{
    private bool ServiceFailed()
    {
        if (!_promoted || Definition.Service is not { } name || _supervisor.GetStatus(name) is not { } status)
        {
            return false;
        }

        // Failed: it crashed (or failed to start) since the promotion, even when no round saw it run before (a quick crash
        // the supervisor already restarted: the StartedAt comparison below would miss it).
        if (status.Restarts > _restartsAtPromotion)
        {
            return true;
        }

        // Failed: it stopped, or it was started again (a restart between two rounds), since it first ran after the promotion.
        if (status.State is ServiceState.Running or ServiceState.Ready)
        {
            _serviceStartedAt ??= status.StartedAt;
            return _serviceStartedAt != status.StartedAt;
        }

        return _serviceStartedAt is not null || status.State is ServiceState.Fatal;
    }

    private async Task PromoteAsync(ElectionLeader leader, string reason, CancellationToken cancellationToken)
    {
        Log.ElectionStep(_logger, Definition.Name, Node, "promotes", reason);
        _held = leader;
        _token = leader.Revision.ToString(CultureInfo.InvariantCulture);
        _promoted = true;
        _serviceStartedAt = null;
        _fenceFired = false; // a report of an earlier promotion's fence, read late
        ArmFence();
        if (Definition.Service is { } service)
        {
            _restartsAtPromotion = _supervisor.GetStatus(service)?.Restarts ?? 0;
            _supervisor.Send(service, ServiceCommand.Start);
        }

        foreach (var command in Definition.Promote)
        {
            if (!await RunCommandAsync("promote", command, cancellationToken).ConfigureAwait(false))
            {
                await DemoteAsync($"resigning: the promote command '{SafeText.ForLog(command)}' failed", release: true, cancellationToken).ConfigureAwait(false);
                StandAside();
                return;
            }
        }
    }

    private async Task DemoteAsync(string reason, bool release, CancellationToken cancellationToken)
    {
        Log.ElectionStep(_logger, Definition.Name, Node, release ? "resigns" : "demotes", reason);
        Volatile.Write(ref _permitUntilTicks, 0); // no (re)start of the service from here on
        SetView(_view with { Role = "demoting", Reason = reason, Since = _time.GetUtcNow() });
        foreach (var command in Definition.Demote)
        {
            await RunCommandAsync("demote", command, cancellationToken).ConfigureAwait(false);
        }

        if (Definition.Service is { } service)
        {
            _supervisor.Send(service, ServiceCommand.Stop);
            await WaitStoppedAsync(service, cancellationToken).ConfigureAwait(false);
        }

        _promoted = false;
        _token = null;
        _fence?.Disarm();
        _fenceFired = false;
        var held = _held;
        _held = null;
        if (release && held is not null)
        {
            try
            {
                await _store.ReleaseAsync(_leaderKey, held.Revision, cancellationToken).ConfigureAwait(false);
            }
            catch (CoordinationException ex)
            {
                StoreFailed("release", ex);
            }
        }

        _snapshot = null;
    }

    private async Task WaitStoppedAsync(string service, CancellationToken cancellationToken)
    {
        var definition = _supervisor.Definitions.FirstOrDefault(d => d.Name == service);
        var bound = (definition?.Stop.Timeout ?? TimeSpan.FromSeconds(10)) + (definition?.BeforeStopTimeout ?? TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        var started = _time.GetTimestamp();
        while (_supervisor.GetStatus(service) is { State: ServiceState.Running or ServiceState.Ready or ServiceState.Starting or ServiceState.Stopping }
            && _time.GetElapsedTime(started) < bound)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> RunCommandAsync(string verb, string command, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HALE_GROUP"] = Definition.Name,
            ["HALE_NODE"] = Node,
        };
        if (_token is { } token)
        {
            environment[FencingTokenVariable] = token;
        }

        var outcome = await ShellCommand.RunAsync(command, Definition.CommandTimeout, _time, environment, killGroupOnExit: false, cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            Log.ElectionCommandEnded(_logger, Definition.Name, verb, SafeText.ForLog(command), SafeText.ForLog(outcome.Describe()));
        }
        else
        {
            Log.ElectionCommandFailed(_logger, Definition.Name, verb, SafeText.ForLog(command), SafeText.ForLog(outcome.Describe()));
        }

        return outcome.Succeeded;
    }

    private void ArmFence()
    {
        if (!_promoted || SafeUntil is not { } safe)
        {
            Volatile.Write(ref _permitUntilTicks, 0);
            return;
        }

        Volatile.Write(ref _permitUntilTicks, safe.UtcTicks);
        var fence = _fence ??= StartFence();
        if (fence is null)
        {
            return;
        }

        _fenceMarker = fence.Marker;

        int? group = null;
        if (Definition.Service is { } service
            && _supervisor.Definitions.FirstOrDefault(d => d.Name == service) is { IsOwned: true }
            && _supervisor.GetStatus(service)?.Pid is { } pid and > 1)
        {
            group = pid; // an owned child leads its own process group
        }

        fence.Arm(safe - _time.GetUtcNow(), group);
    }

    /// <summary>The fence fired (on its reader's thread; the fence has logged <paramref name="report"/>): the next round demotes.</summary>
    private void OnFenceFired(string report)
    {
        _fenceFired = true;
        Wake();
    }

    private LeaseFence? StartFence()
    {
        var service = Definition.Service is { } name ? _supervisor.Definitions.FirstOrDefault(d => d.Name == name) : null;
        var command = Definition.Fence ?? (service is { IsOwned: false } ? service.StopCommand : null);
        if (service is null && command is null)
        {
            return null;
        }

        try
        {
            return LeaseFence.Start(Definition.Name, command, _owner, _logger, OnFenceFired); // the fence logs its report
        }
        catch (ProcessStartException ex)
        {
            Log.StoreFailed(_logger, Definition.Name, "fence", SafeText.ForLog(ex.Message));
            return null;
        }
    }
}
