using System.Net;
using Hale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hale.Hosting.Tests.Engine;

public class MapHaleEndpointsTests
{
    [Fact]
    public async Task MapHaleEndpoints_ServesComponentsUnderAPrefixBesideTheAppsOwnRoutes()
    {
        var folder = Directory.CreateTempSubdirectory("hale-map-").FullName;
        var path = Path.Combine(folder, "hale.yaml");
        await File.WriteAllTextAsync(path, $"state_dir: {folder}/state\nchecks:\n  up: {{ command: \"exit 0\" }}\n  down: {{ command: \"exit 1\" }}\n");
        await using var engine = new HaleEngine(Config.HaleConfigLoader.Load(path), new HaleEngineOptions { ServeHttp = false });
        await engine.StartAsync();
        var port = Loopback.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapGet("/hello", () => "mine");
        app.MapHaleEndpoints(engine, "/health");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("health/up", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("health/down", UriKind.Relative))).StatusCode);
            Assert.Contains("\"up\"", await client.GetStringAsync(new Uri("health/-/status", UriKind.Relative)), StringComparison.Ordinal);
            Assert.Equal("mine", await client.GetStringAsync(new Uri("hello", UriKind.Relative)));
            Assert.Contains("# TYPE hale_check_state gauge", await client.GetStringAsync(new Uri("health/metrics", UriKind.Relative)), StringComparison.Ordinal);
            Assert.Contains("# TYPE hale_check_up gauge", await client.GetStringAsync(new Uri("health/-/metrics", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
