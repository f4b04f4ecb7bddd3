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

/// <summary>Standing aside after this member's own service failed, so that another member leads.</summary>
internal sealed partial class ElectionGroupLoop
{
    /// <summary>
    /// After resigning because its own service (or a promote command) failed, a member that is still healthy and ranks first
    /// would campaign again at once and take the key back from the next member: it stands aside instead, published as unhealthy,
    /// until another member leads or for two TTLs (long enough for a member still in its start grace of one TTL to campaign;
    /// when nobody else can lead, this one may campaign again after it). A service held by its start limit
    /// (<paramref name="heldUntil"/>) could not start again before the hold ends: the member stands aside until then, whoever leads.
    /// </summary>
    private void StandAside(DateTimeOffset? heldUntil = null)
    {
        var now = _time.GetUtcNow();
        var until = now + _settings.LeaseTtl * 2;
        _standAsideHeld = heldUntil > until;
        if (_standAsideHeld && heldUntil is { } held)
        {
            until = held;
        }

        _standAsideUntil = until;
        _published = null;
        Log.ElectionState(_logger, Definition.Name, $"stands aside for {(until - now).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after resigning, so that another member can lead");
    }

    private DateTimeOffset? ServiceHeldUntil() =>
        Definition.Service is { } name && _supervisor.GetStatus(name) is { State: ServiceState.Fatal } status ? status.HeldUntil : null;

    private bool StandsAside()
    {
        if (_standAsideUntil is { } until && _time.GetUtcNow() >= until)
        {
            _standAsideUntil = null;
        }

        return _standAsideUntil is not null;
    }
}
