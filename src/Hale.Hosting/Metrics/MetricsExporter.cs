using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Hale.Hosting.Metrics;

/// <summary>
/// The Prometheus export of the <c>Hale</c> meter (<see cref="HaleMetrics"/>): an OpenTelemetry <see cref="MeterProvider"/>
/// of its own (nothing registered in anyone's DI container) with the Prometheus exporter, and the exporter's scrape handler.
/// Measurements count from construction (the engine builds it before anything runs); a scrape collects the observable gauges
/// then, so they are never stale. Answers the text format (0.0.4) or OpenMetrics, as the scraper's <c>Accept</c> asks.
/// Thread-safe; dispose once.
/// </summary>
internal sealed class MetricsExporter : IDisposable
{
    private readonly MeterProvider _provider;
    private readonly ServiceProvider _services;

    public MetricsExporter()
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.Clear().AddService("hale", autoGenerateServiceInstanceId: false))
            .AddMeter(HaleMetrics.MeterName)
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

    /// <summary>Answers a scrape: 200 with every Hale series.</summary>
    public RequestDelegate Scrape { get; }

    public void Dispose()
    {
        _provider.Dispose();
        _services.Dispose();
    }
}
