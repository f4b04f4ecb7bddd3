using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hale.LoadBalancers;

/// <summary>Drain before a planned stop: set drain, then wait until the servers' current sessions reach 0 or the drain timeout passes.</summary>
public sealed partial class LoadBalancerReconciler
{
    /// <summary>
    /// Drains the servers before a planned stop: sets them to <see cref="ServerAdminState.Drain"/>, then waits until each has
    /// no current sessions or <see cref="BalancerDefinition.DrainTimeout"/> passed. A server the balancer does not list counts
    /// as drained; when the sessions cannot be read (balancer unreachable or refusing), it does not wait. Never throws because
    /// of the balancer.
    /// </summary>
    /// <param name="servers">The servers of this balancer.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the drain is over (or given up).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task DrainAsync(IReadOnlyCollection<ServerAddress> servers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        foreach (var server in servers)
        {
            SetDesired(server, ServerAdminState.Drain);
        }

        var started = _time.GetUtcNow();
        var deadline = started + _definition.DrainTimeout;
        var waiting = servers.Distinct().ToList();
        while (true)
        {
            var busy = new List<(ServerAddress Server, int Sessions)>();
            foreach (var server in waiting)
            {
                var sessions = await SessionsAsync(server, cancellationToken).ConfigureAwait(false);
                if (sessions > 0)
                {
                    busy.Add((server, sessions));
                }
                else
                {
                    Log.Drained(_logger, Name, server, (_time.GetUtcNow() - started).TotalSeconds);
                }
            }

            waiting = [.. busy.Select(b => b.Server)];
            var now = _time.GetUtcNow();
            if (busy.Count == 0)
            {
                return;
            }

            if (now >= deadline)
            {
                foreach (var (server, sessions) in busy)
                {
                    Log.DrainTimedOut(_logger, Name, server, sessions, _definition.DrainTimeout.TotalSeconds);
                }

                return;
            }

            var pause = deadline - now < DrainPollInterval ? deadline - now : DrainPollInterval;
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The sessions of a server (0 when not listed), or -1 when they cannot be read (logged).</summary>
    private async Task<int> SessionsAsync(ServerAddress server, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_definition.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            return await _runtime.CurrentSessionsAsync(server, linked.Token).ConfigureAwait(false) ?? 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.DrainUnknown(_logger, Name, server, Describe(ex));
            return -1;
        }
    }
}
