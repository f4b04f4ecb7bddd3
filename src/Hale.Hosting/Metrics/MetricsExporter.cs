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
/// OpenTelemetry keeps at most a fixed number of label sets per instrument (2,000 by default) and folds the rest into one
/// <c>otel_metric_overflow</c> series, and it reserves room for all of them up front. The per-check and per-service
/// instruments are sized here from the configuration at start, with a quarter more (and 64) so that a reload can grow it; a reload beyond that
/// is logged (<see cref="Fits"/>) and takes effect at the next restart.
/// </remarks>
internal sealed class MetricsExporter : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly ServiceProvider _services;

    /// <summary>The label sets OpenTelemetry keeps per instrument unless told otherwise.</summary>
    internal const int DefaultSeriesLimit = 2000;

    /// <summary>The states a check is labelled with (<c>hale.check.state</c>: ok, fail, error, unknown).</summary>
    private const int StatesPerCheck = 4;

    /// <summary>The states a service is labelled with (<c>hale.service.state</c>).</summary>
    private static readonly int StatesPerService = Enum.GetValues<ServiceState>().Length;

    /// <summary>Builds the exporter, sized for a quarter more than <paramref name="checks"/> and <paramref name="services"/>, and 64.</summary>
    /// <param name="checks">Named checks in the configuration at start.</param>
    /// <param name="services">Services in the configuration at start.</param>
    public MetricsExporter(int checks, int services)
    {
        CheckCapacity = WithHeadroom(checks);
        ServiceCapacity = WithHeadroom(services);
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("hale", autoGenerateServiceInstanceId: false))
            .AddMeter(HaleMetrics.MeterName)
            .AddView(instrument => SeriesLimit(instrument.Name, CheckCapacity, ServiceCapacity) is { } limit
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

    /// <summary>The checks the per-check instruments have room for.</summary>
    public int CheckCapacity { get; }

    /// <summary>The services the per-service instruments have room for.</summary>
    public int ServiceCapacity { get; }

    /// <summary>Answers a scrape: 200 with every Hale series.</summary>
    public RequestDelegate Scrape { get; }

    /// <summary>Whether a configuration of this size has a series for each of its checks and services.</summary>
    /// <param name="checks">Named checks.</param>
    /// <param name="services">Services.</param>
    /// <returns>False when some would fall into the overflow series.</returns>
    public bool Fits(int checks, int services) =>
        checks <= Math.Max(CheckCapacity, DefaultSeriesLimit / StatesPerCheck) && services <= Math.Max(ServiceCapacity, DefaultSeriesLimit / StatesPerService);

    private static int WithHeadroom(int count) => count + (count / 4) + 64;

    /// <summary>The label sets an instrument keeps: null (OpenTelemetry's default) for all but the per-check and per-service ones.</summary>
    /// <param name="instrument">The instrument's name.</param>
    /// <param name="checks">Checks to make room for.</param>
    /// <param name="services">Services to make room for.</param>
    /// <returns>The limit, never below the default.</returns>
    internal static int? SeriesLimit(string instrument, int checks, int services)
    {
        var needed = instrument switch
        {
            "hale.check.up" or "hale.check.duration" => checks,
            "hale.check.state" or "hale.check.transitions" => checks * StatesPerCheck,
            "hale.service.up" or "hale.service.uptime" or "hale.service.restarts" => services,
            "hale.service.state" => services * StatesPerService,
            _ => 0,
        };
        return needed > DefaultSeriesLimit ? needed : null;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _services.Dispose();
    }
}
