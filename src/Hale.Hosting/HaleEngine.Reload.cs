using Hale.Checks;
using Hale.Config;
using Hale.Hosting.Engine;
using Hale.Hosting.Metrics;
using Hale.LoadBalancers;

namespace Hale.Hosting;

/// <summary>A reload: the new model planned against the running one, validated, then swapped part by part.</summary>
public sealed partial class HaleEngine
{
    private async Task<HaleReloadResult> ApplyNeedsSerialAsync(HaleConfiguration next, CancellationToken cancellationToken)
    {
        var previous = _model;
        var keepService = (string name) => previous.ServiceFingerprints.TryGetValue(name, out var a)
            && next.ServiceFingerprints.TryGetValue(name, out var b) && a == b;
        var plan = CheckPlan.Create(next, _plan.Owned, keepService, name => _actions.IsUnchanged(name, next.ActionFingerprints), _time);
        Hale.Services.Supervisor.Validate(plan.Services);
        var balancersChanged = !next.Balancers.SequenceEqual(previous.Balancers) || !next.BalancerBindings.SequenceEqual(previous.BalancerBindings);
        var balancers = balancersChanged ? CreateBalancers(next) : _balancers;
        var listenChanged = _options.ServeHttp && (!next.Listen.SequenceEqual(previous.Listen) || next.StateDirectory != previous.StateDirectory || next.HttpLimits != previous.HttpLimits);
        if (listenChanged)
        {
            await RelistenAsync(next, plan, cancellationToken).ConfigureAwait(false);
        }

        // From here on, the model is accepted: swap the checks, then what consumes them.
        next.Checks.RedirectTo(_checks);
        StartChecks(plan);
        _checks.Publish(plan.Components.Select(c => c.Check));
        var old = _plan;
        Volatile.Write(ref _plan, plan);
        if (_metrics.Outgrown(MetricsCounts.Of(next, plan.Components.Count, plan.Services.Count)) is { } outgrown)
        {
            Log.MetricsOutgrown(_logger, outgrown);
        }

        next.ServiceDirectory.Attach(_supervisor);
        if (!listenChanged)
        {
            await _server.ReplaceComponentsAsync([.. Served(plan, next)]).ConfigureAwait(false);
        }

        var processChanged = (string name) => !previous.ServiceProcessFingerprints.TryGetValue(name, out var a)
            || !next.ServiceProcessFingerprints.TryGetValue(name, out var b) || a != b;
        var updated = next.Services.Select(s => s.Name).Where(n => previous.ServiceFingerprints.ContainsKey(n) && !keepService(n) && !processChanged(n)).ToList();
        var (added, removed, restarted) = await _supervisor.ReconcileAsync(
            ForSupervisor(plan.Services, balancers, next), name => !keepService(name), cancellationToken, updateInPlace: name => !processChanged(name)).ConfigureAwait(false);
        if (balancersChanged)
        {
            await ReplaceBalancersAsync(balancers, BindableChecks(plan, next)).ConfigureAwait(false);
        }
        else
        {
            _balancers.ReplaceChecks(BindableChecks(plan, next));
        }

        await _actions.ApplyAsync(plan.Actions, next.ActionFingerprints, next.ActionInterval, cancellationToken).ConfigureAwait(false);
        await _groups.ApplyAsync(next.Groups, next.Node).ConfigureAwait(false);
        await _elections.ApplyAsync(next.ElectionGroups, next.Node, next.Coordination).ConfigureAwait(false);
        var retained = new HashSet<NamedCheck>(plan.Owned.Values.Select(o => o.Check), ReferenceEqualityComparer.Instance);
        var dropped = old.Owned.Values.Select(o => o.Check).Where(c => !retained.Contains(c)).ToList();
        await DisposeChecksAsync(dropped).ConfigureAwait(false);
        Volatile.Write(ref _model, next);
        var before = new HashSet<NamedCheck>(old.Owned.Values.Select(o => o.Check), ReferenceEqualityComparer.Instance);
        var kept = plan.Owned.Values.Count(o => before.Contains(o.Check));
        var result = new HaleReloadResult(added, removed, restarted, updated, kept, plan.Owned.Count - kept, listenChanged, balancersChanged);
        Log.Reloaded(_logger, next.SourcePath, string.Join(", ", added), string.Join(", ", removed), string.Join(", ", restarted), string.Join(", ", updated), kept, plan.Owned.Count - kept, next.Actions.Count);
        LogWarnings(next);
        _supervisor.Reevaluate();
        _actions.Trigger();
        return result;
    }

    /// <summary>Moves the listener: stops the old one, binds the new one; if that fails, serves the old addresses again and rethrows.</summary>
    private async Task RelistenAsync(HaleConfiguration next, CheckPlan plan, CancellationToken cancellationToken)
    {
        var old = _server;
        await old.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var server = CreateServer(next);
        foreach (var component in Served(plan, next))
        {
            server.AddComponent(component);
        }

        try
        {
            await StartServerAsync(server, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            var again = CreateServer(_model);
            foreach (var component in Served(_plan, _model))
            {
                again.AddComponent(component);
            }

            await StartServerAsync(again, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _server, again);
            await old.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _server, server);
        await old.DisposeAsync().ConfigureAwait(false);
        Log.Relistened(_logger, string.Join(", ", server.BoundEndPoints));
    }

    private async Task ReplaceBalancersAsync(LoadBalancerBindings balancers, IEnumerable<NamedCheck> checks)
    {
        var old = _balancers;
        Volatile.Write(ref _balancers, balancers);
        await old.DisposeAsync().ConfigureAwait(false);
        balancers.Attach(_supervisor, checks);
        Log.BalancersReplaced(_logger, balancers.Reconcilers.Count, balancers.Bindings.Count);
    }
}
