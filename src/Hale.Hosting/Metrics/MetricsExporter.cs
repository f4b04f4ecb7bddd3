using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Hale.Services;

namespace Hale.Hosting.Metrics;

/// <summary>
/// The Prometheus export of the <c>Hale</c> meter (<see cref="HaleMetrics"/>): an OpenTelemetry <see cref="MeterProvider"/>
/// of its own (nothing registered in anyone's DI container) with the Prometheus exporter, and the exporter's scrape handler.
/// Measurements count from construction (the engine builds it before anything runs); a scrape collects the observable gauges
/// then, so they are never stale. Answers the text format (0.0.4) or OpenMetrics, as the scraper's <c>Accept</c> asks.
/// Thread-safe; dispose once.
/// </summary>
/// <remarks>
/// OpenTelemetry keeps at most a fixed number of label sets per instrument (2,000 unless told) and folds the rest into one
/// <c>otel_metric_overflow</c> series, and it reserves room for all of them up front: about 70 bytes a label set, so 2.4 MB of
/// the idle daemon's heap for its 17 instruments at the default (bench/RESULTS.md). So every instrument is sized here from
/// the configuration at start (<see cref="SeriesLimit"/>), with room for a reload to grow (<see cref="MetricsCounts.WithHeadroom"/>);
/// a reload beyond it is logged (<see cref="Outgrown"/>) and takes effect at the next restart. The instruments are
/// process-wide: a process hosting several engines sizes each exporter for its own engine, and another engine's series take
/// room in it too.
/// </remarks>
internal sealed class MetricsExporter : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly ServiceProvider _services;

    /// <summary>The states a check is labelled with (<c>hale.check.state</c>, and <c>to</c> of <c>hale.check.transitions</c>:
    /// ok, fail, error, unknown).</summary>
    private const int StatesPerCheck = 4;

    /// <summary>The sides of an action's commands (<c>side</c>: promote, demote).</summary>
    private const int SidesPerAction = 2;

    /// <summary>The results of an HAProxy apply (<c>result</c>: ok, refused, error).</summary>
    private const int ResultsPerApply = 3;

    /// <summary>The log sinks that count dropped lines (<c>sink</c>: console, file), with room for two more.</summary>
    private const int LogSinks = 4;

    /// <summary>The states a service is labelled with (<c>hale.service.state</c>).</summary>
    private static readonly int StatesPerService = Enum.GetValues<ServiceState>().Length;

    /// <summary>Builds the exporter, sized for <paramref name="counts"/> and room to grow.</summary>
    /// <param name="counts">The configuration's counts at start.</param>
    public MetricsExporter(MetricsCounts counts)
    {
        Room = counts.WithHeadroom();
        var room = Room;
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("hale", autoGenerateServiceInstanceId: false))
            .AddMeter(HaleMetrics.MeterName)
            .AddView(instrument => SeriesLimit(instrument.Name, room) is { } limit
                ? new MetricStreamConfiguration { CardinalityLimit = limit }
                : null)
            .AddPrometheusExporter(o =>
            {
                // Every scrape sees the state of now (a cache would answer two scrapes in a row with the first one's values).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
            })
            .Build();

        // The exporter's middleware is internal: it is reached through its IApplicationBuilder extension, on a pipeline of
        // our own whose branch always matches (the caller decides which paths are the scrape endpoint).
        _services = new ServiceCollection().BuildServiceProvider();
        var pipeline = new ApplicationBuilder(_services);
        pipeline.UseOpenTelemetryPrometheusScrapingEndpoint(_provider, predicate: _ => true, path: null!, configureBranchedPipeline: null!, optionsName: null!);
        Scrape = pipeline.Build();
    }

    /// <summary>The checks, services, groups, actions and balancers the instruments have a series for.</summary>
    public MetricsCounts Room { get; }

    /// <summary>Answers a scrape: 200 with every Hale series.</summary>
    public RequestDelegate Scrape { get; }

    /// <summary>What of a configuration has no series of its own (it would fall into the overflow series).</summary>
    /// <param name="counts">The configuration's counts.</param>
    /// <returns>A description of what outgrew the room (<see cref="MetricsCounts.Outgrown"/>); null when everything fits.</returns>
    public string? Outgrown(MetricsCounts counts) => Room.Outgrown(counts);

    /// <summary>The label sets an instrument keeps: as many as <paramref name="room"/> can label it with.</summary>
    /// <param name="instrument">The instrument's name.</param>
    /// <param name="room">The checks, services, groups, actions and balancers to make room for.</param>
    /// <returns>The limit (1 for an instrument with no label); null (OpenTelemetry's default) for an instrument not Hale's.</returns>
    internal static int? SeriesLimit(string instrument, MetricsCounts room) => instrument switch
    {
        "hale.check.up" or "hale.check.duration" => room.Checks,
        "hale.check.state" or "hale.check.transitions" => room.Checks * StatesPerCheck,
        "hale.service.up" or "hale.service.uptime" or "hale.service.restarts" => room.Services,
        "hale.service.state" => room.Services * StatesPerService,
        "hale.failover.active" or "hale.failover.lease_age" => room.Groups,
        "hale.failover.role" => room.Groups * EngineGauges.RolesPerGroup,
        "hale.action.runs" or "hale.action.failures" => room.Actions * SidesPerAction,
        "hale.haproxy.applies" => room.Balancers * ResultsPerApply,
        "hale.haproxy.drift_repairs" => room.Balancers,
        "hale.log.lines_dropped" => LogSinks,
        "hale.probe.duration" or "hale.check.schedule_lag" => 1,
        _ => null,
    };

    public void Dispose()
    {
        _provider.Dispose();
        _services.Dispose();
    }
}
