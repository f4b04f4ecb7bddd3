using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Channels;
using Hale.Checks;
using Hale.Failover;
using Hale.Failover.Election;
using Hale.Processes;
using Hale.Services;
using Hale.Text;
using Microsoft.Extensions.Logging;

namespace Hale.Hosting.Engine.Election;

/// <summary>
/// Runs one <c>coordinator: etcd</c> failover group on this node: keeps a lease in the store and renews it every quarter of its
/// TTL, publishes this member (priority, health) on it, reads the group, applies <see cref="ElectionPolicy"/> and carries out its
/// step: campaign for the leader key, promote (start the service, promote commands), demote (demote commands, stop the service),
/// resign or release. Woken at once by the store's watch, and by the engine (<see cref="Wake"/>) when a check or service changed.
/// </summary>
/// <remarks>
/// <para>Fencing: the leader counts its lease from the moment it sent its last answered renewal and demotes by that time plus
/// the TTL minus half the TTL; while active, a <see cref="LeaseFence"/> process is re-armed on every renewal with the same
/// deadline, so that a frozen or killed Hale's service is stopped before the store can let the lease expire.</para>
/// <para>All state is owned by the loop's task; <see cref="View"/> is an immutable snapshot, safe from any thread.</para>
/// </remarks>
internal sealed partial class ElectionGroupLoop : IAsyncDisposable
{
    /// <summary>The variable that carries the fencing token (the leader key's create revision) to commands and the service.</summary>
    public const string FencingTokenVariable = "HALE_FENCING_TOKEN";

    private readonly CoordinationSettings _settings;
    private readonly ICoordinationStore _store;
    private readonly Func<string, NamedCheck?> _findCheck;
    private readonly Supervisor _supervisor;
    private readonly string _owner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, DateTimeOffset> _healthySince = new(StringComparer.Ordinal);
    private readonly string _groupPrefix;
    private readonly string _leaderKey;
    private readonly string _memberKey;
    private Task _run = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;
    private LeaseFence? _fence;
    private volatile string? _fenceMarker;
    private volatile bool _fenceFired; // the fence fired while promoted: set by the fence's reader, cleared by the loop (it logs its own report)
    private long _permitUntilTicks; // SafeUntil's UTC ticks while promoted, else 0: read by StartPermit on the service's loop
    private long _lease;
    private DateTimeOffset? _renewedFrom;
    private TimeSpan _grantedTtl;
    private DateTimeOffset _nextRenewal;
    private string? _published;
    private volatile CoordinationSnapshot? _snapshot; // read by the watch task for its start revision
    private long _watchedRevision = -1;
    private DateTimeOffset? _leaderlessSince;
    private DateTimeOffset? _observingSince;
    private ElectionLeader? _held;
    private bool _promoted;
    private DateTimeOffset? _serviceStartedAt;
    private int _restartsAtPromotion;
    private string? _lastReason;
    private DateTimeOffset? _standAsideUntil;
    private bool _standAsideHeld;
    private string? _storeError;
    private readonly Action? _roleChanged;
    private readonly Events.TransitionJournal? _journal;
    private volatile ElectionView _view;
    private volatile string? _token;

    public ElectionGroupLoop(
        ElectionGroupDefinition definition,
        string node,
        CoordinationSettings settings,
        ICoordinationStore store,
        Func<string, NamedCheck?> findCheck,
        Supervisor supervisor,
        string owner,
        TimeProvider time,
        ILogger logger,
        Action? roleChanged = null,
        Events.TransitionJournal? journal = null)
    {
        _roleChanged = roleChanged;
        _journal = journal;
        Definition = definition;
        Node = node;
        _settings = settings;
        _store = store;
        _findCheck = findCheck;
        _supervisor = supervisor;
        _owner = owner;
        _time = time;
        _logger = logger;
        _groupPrefix = $"{settings.Prefix}{definition.Name}/";
        _leaderKey = _groupPrefix + "leader";
        _memberKey = $"{_groupPrefix}members/{node}";
        _view = new ElectionView("starting", null, null, false, [], null, "no round yet", time.GetUtcNow());
    }

    public ElectionGroupDefinition Definition { get; }

    public string Node { get; }

    public CoordinationSettings Settings => _settings;

    /// <summary>The group as of the last round.</summary>
    public ElectionView View => _view;

    /// <summary>The group for <c>/-/status</c>.</summary>
    public Status.GroupStatus Status
    {
        get
        {
            var v = _view;
            return new(Definition.Name, "etcd", Node, v.Role, v.Leader, v.FencingToken, v.LeaseAge, v.Reason, v.Since,
                [.. v.Members.Select(m => new Status.GroupMemberStatus(m.Node, m.Priority, m.Healthy, m.HealthySince))]);
        }
    }

    /// <summary>
    /// The variables a promotion gives the service and the commands: the fencing token while active, and the fence's marker
    /// (<see cref="LeaseFence.MarkerVariable"/>) by which the fence finds the service's processes when it fires.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            if (_token is not { } token)
            {
                return ImmutableDictionary<string, string>.Empty;
            }

            var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [FencingTokenVariable] = token };
            if (_fenceMarker is { } marker)
            {
                variables[LeaseFence.MarkerVariable] = marker;
            }

            return variables;
        }
    }

    /// <summary>
    /// The group's <see cref="ServiceDefinition.StartPermit"/> for its service: null (start) while this member is promoted and
    /// its lease is safe (<see cref="SafeUntil"/> not passed), else why not. Read on the service's loop; thread-safe.
    /// </summary>
    public string? StartPermit() =>
        _time.GetUtcNow().UtcTicks < Volatile.Read(ref _permitUntilTicks)
            ? null
            : $"{Node} is not the active member of group {Definition.Name} (no live lease)";

    public void Start()
    {
        _run = Task.Run(() => RunAsync(_stop.Token));
        _watch = Task.Run(() => WatchAsync(_stop.Token));
    }

    /// <summary>Asks for a round now (a check or service this group reads changed).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Stops the loop; an active member demotes first and resigns, and the lease is revoked so that the others go on at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        foreach (var task in new[] { _run, _watch })
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        using var bound = new CancellationTokenSource(_settings.LeaseTtl + Definition.CommandTimeout * (Definition.Demote.Length + 1), _time);
        try
        {
            if (_promoted)
            {
                await DemoteAsync("Hale is stopping", release: true, bound.Token).ConfigureAwait(false);
            }

            if (_lease != 0)
            {
                await _store.RevokeLeaseAsync(_lease, bound.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Shutdown goes on: the lease then expires by itself.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.StoreFailed(_logger, Definition.Name, "stop", SafeText.ForLog(ex.Message));
        }

        if (_fence is not null)
        {
            await _fence.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var again = false;
            try
            {
                again = await RoundAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed round is logged and the next one runs: the group must not stop silently.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ElectionRoundFailed(_logger, Definition.Name, ex);
            }

            if (!again)
            {
                await WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for the next renewal, the fencing deadline or a wake-up, whichever comes first.</summary>
    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var until = _nextRenewal;
        if (_promoted && SafeUntil is { } safe && safe < until)
        {
            until = safe;
        }

        var wait = until - now;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, _time, timer.Token);
        var woken = _wake.Reader.WaitToReadAsync(timer.Token).AsTask();
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        _wake.Reader.TryRead(out _);
    }

    private DateTimeOffset? SafeUntil => _lease != 0 && _renewedFrom is { } from ? from + _grantedTtl - _settings.SafetyMargin : null;

    /// <summary>One round; true when another should follow at once (the key was just acquired).</summary>
    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        await KeepLeaseAsync(cancellationToken).ConfigureAwait(false);
        var healthy = IsHealthy();
        await PublishAsync(healthy && !StandsAside(), cancellationToken).ConfigureAwait(false); // others must not wait for it
        await ReadAsync(cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var (leader, members) = Interpret(_snapshot, now);
        if (_standAsideUntil is not null && !_standAsideHeld && leader is not null && leader.Node != Node)
        {
            _standAsideUntil = null; // another member took over: this one may be a candidate again
        }
        _leaderlessSince = leader is null ? _leaderlessSince ?? now : null;
        if (_held is not null && leader is not null && leader.Lease == _held.Lease && leader.Node == Node)
        {
            _held = leader;
        }

        var selfSince = healthy ? (_healthySince.TryGetValue(Node, out var s) ? s : now) : (DateTimeOffset?)null;
        if (healthy)
        {
            _healthySince.TryAdd(Node, now);
        }
        else
        {
            _healthySince.Remove(Node);
        }

        var input = new ElectionInput(
            now,
            new ElectionMember(Node, Definition.Priority, healthy, selfSince),
            members,
            leader,
            _lease,
            SafeUntil,
            _promoted,
            ServiceFailed(),
            _leaderlessSince,
            _settings.LeaseTtl,
            _observingSince ??= now,
            _settings.LeaseTtl,
            _standAsideUntil,
            Definition.Preempt,
            Definition.PreemptDelay)
        {
            FenceFired = _promoted && _fenceFired,
        };
        var decision = ElectionPolicy.Decide(input);
        var again = false;
        switch (decision.Step)
        {
            case ElectionStep.Campaign:
                Log.ElectionStep(_logger, Definition.Name, Node, "campaigns", decision.Reason);
                var claim = await _store.TryAcquireAsync(_leaderKey, Node, _lease, cancellationToken).ConfigureAwait(false);
                if (claim.Acquired && claim.Holder is { } mine)
                {
                    _held = new ElectionLeader(Node, mine.CreateRevision, mine.Lease);
                    _snapshot = null;
                    again = true;
                }

                break;
            case ElectionStep.Promote:
                await PromoteAsync(leader!, decision.Reason, cancellationToken).ConfigureAwait(false);
                break;
            case ElectionStep.Demote:
                await DemoteAsync(decision.Reason, release: false, cancellationToken).ConfigureAwait(false);
                break;
            case ElectionStep.Resign:
                var heldUntil = ServiceHeldUntil(); // before the stop, which ends the Fatal state
                await DemoteAsync(decision.Reason, release: true, cancellationToken).ConfigureAwait(false);
                if (input.ServiceFailed)
                {
                    StandAside(heldUntil);
                }

                again = true;
                break;
            case ElectionStep.Release:
                Log.ElectionStep(_logger, Definition.Name, Node, "releases the leader key", decision.Reason);
                await _store.ReleaseAsync(_leaderKey, leader!.Revision, cancellationToken).ConfigureAwait(false);
                _snapshot = null;
                break;
            default:
                if (!decision.RepeatsReason(_lastReason))
                {
                    Log.ElectionState(_logger, Definition.Name, decision.Reason);
                }

                break;
        }

        _lastReason = decision.Reason;
        ArmFence();
        UpdateView(decision, leader, healthy, members, now);
        return again;
    }

    private bool IsHealthy() =>
        Definition.Healthy is not { } name || _findCheck(name)?.Status == CheckStatus.Ok;

    private void UpdateView(ElectionDecision decision, ElectionLeader? leader, bool healthy, List<ElectionMember> members, DateTimeOffset now)
    {
        var role = _promoted ? "active" : "standby";
        var all = members.Append(new ElectionMember(Node, Definition.Priority, healthy, healthy ? _healthySince.GetValueOrDefault(Node) : null))
            .OrderBy(m => m.Priority).ThenBy(m => m.Node, StringComparer.Ordinal).ToList();
        var old = _view;
        SetView(new ElectionView(
            role,
            leader?.Node,
            _promoted ? _held?.Revision : null,
            healthy,
            all,
            _lease != 0 && _renewedFrom is { } from ? now - from : null,
            decision.Reason,
            old.Role == role ? old.Since : now));
    }

    /// <summary>Publishes the view; a change of role re-evaluates <c>/NAME</c> at once, so HAProxy bindings follow it.</summary>
    private void SetView(ElectionView view)
    {
        var from = _view.Role;
        var changed = from != view.Role;
        _view = view;
        if (changed)
        {
            _journal?.Record(Events.TransitionKind.Group, Definition.Name, from, view.Role, view.Reason);
            _roleChanged?.Invoke();
        }
    }
}
