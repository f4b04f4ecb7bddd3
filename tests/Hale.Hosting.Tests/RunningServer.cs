using Hale.Hosting;

namespace Hale.Hosting.Tests;

/// <summary>A <see cref="HealthCheckServer"/> on 127.0.0.1 and a free port, with a client; stopped on dispose.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(HealthCheckServer server)
    {
        Server = server;
        var port = server.BoundEndPoints[0].Port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public HealthCheckServer Server { get; }

    public HttpClient Client { get; }

    public static async Task<RunningServer> StartAsync(Action<HealthCheckServer> addComponents, HealthCheckServerOptions? options = null)
    {
        var server = new HealthCheckServer(options ?? new HealthCheckServerOptions { Listen = [new(System.Net.IPAddress.Loopback, 0)] });
        addComponents(server);
        await server.StartAsync();
        return new RunningServer(server);
    }

    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
