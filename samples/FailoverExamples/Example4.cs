using Hale.Checks;
using Hale.Combinators;
using Hale.Hosting;
using Hale.Probes;

/// <summary>Example 4: asynchronous TCP checks. Probe every 3 minutes, switch on two consecutive results; requests answer the cached state.</summary>
internal static class Example4
{
    public static async Task RunAsync(CancellationToken stop)
    {
        var server = new HealthCheckServer(port: 8080);
        server.AddComponent(
            "example-4",
            new Background(
                new Hysteresis(new TcpCheck("192.0.2.1", 25, TimeSpan.FromSeconds(10)), HealthState.Fail, okAfter: 2, failAfter: 2),
                interval: TimeSpan.FromMinutes(3)));
        await server.RunAsync(stop);
    }
}
