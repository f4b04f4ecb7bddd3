using Hale.Config;

namespace Hale.Hosting.Metrics;

/// <summary>
/// How many of each labelled thing Hale's instruments have series for: named checks, services, failover groups (local and
/// <c>coordinator: etcd</c>), actions and HAProxy balancers. A configuration's counts (<see cref="Of"/>), or the room an
/// exporter keeps (<see cref="WithHeadroom"/>). Immutable.
/// </summary>
/// <param name="Checks">Named checks.</param>
/// <param name="Services">Services.</param>
/// <param name="Groups">Failover groups.</param>
/// <param name="Actions">Actions.</param>
/// <param name="Balancers">HAProxy balancers.</param>
internal readonly record struct MetricsCounts(int Checks, int Services, int Groups, int Actions, int Balancers)
{
    /// <summary>The counts of a configuration.</summary>
    /// <param name="model">The configuration (its groups, actions and balancers).</param>
    /// <param name="checks">Its named checks, as the engine plans them (groups' checks included).</param>
    /// <param name="services">Its services.</param>
    /// <returns>The counts.</returns>
    public static MetricsCounts Of(HaleConfiguration model, int checks, int services) =>
        new(checks, services, model.Groups.Count + model.ElectionGroups.Count, model.Actions.Count, model.Balancers.Count);

    /// <summary>Room for a reload to grow: a quarter more of each, and at least 64 more.</summary>
    /// <returns>The larger counts.</returns>
    public MetricsCounts WithHeadroom() =>
        new(Grow(Checks), Grow(Services), Grow(Groups), Grow(Actions), Grow(Balancers));

    /// <summary>What in <paramref name="counts"/> is more than this room holds.</summary>
    /// <param name="counts">A configuration's counts.</param>
    /// <returns>For example "1000 checks (room for 814), 80 services (room for 69)"; null when everything fits.</returns>
    public string? Outgrown(MetricsCounts counts)
    {
        string?[] parts =
        [
            Over(counts.Checks, Checks, "checks"),
            Over(counts.Services, Services, "services"),
            Over(counts.Groups, Groups, "failover groups"),
            Over(counts.Actions, Actions, "actions"),
            Over(counts.Balancers, Balancers, "balancers"),
        ];
        var outgrown = parts.OfType<string>().ToList();
        return outgrown.Count == 0 ? null : string.Join(", ", outgrown);
    }

    private static int Grow(int count) => count + Math.Max(count / 4, 64);

    private static string? Over(int count, int room, string what) => count > room ? $"{count} {what} (room for {room})" : null;
}
