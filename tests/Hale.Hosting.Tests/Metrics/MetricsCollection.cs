namespace Hale.Hosting.Tests.Metrics;

/// <summary>
/// Tests that read an engine's scrape run alone: Hale's instruments are process-wide, and each exporter keeps as many label
/// sets as its own engine needs, so another engine alive at the time (one of 600 checks) would take its room.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
