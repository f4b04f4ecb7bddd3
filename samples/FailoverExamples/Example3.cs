using Hale.Checks;
using Hale.Combinators;
using Hale.Hosting;
using Hale.Probes;

/// <summary>Example 3: TCP check with time-based hysteresis. Start FAIL; OK after 1 minute of successes, FAIL after 2 minutes of failures.</summary>
internal static class Example3
{
    public static async Task RunAsync(CancellationToken stop)
    {
        var server = new HealthCheckServer(port: 8080);
        server.AddComponent(
            "example-3",
            new Hysteresis(
                new TcpCheck("192.0.2.1", 25, TimeSpan.FromSeconds(10)),
                initialState: HealthState.Fail,
                okAfter: TimeSpan.FromMinutes(1),
                failAfter: TimeSpan.FromMinutes(2)));
        await server.RunAsync(stop);
    }
}
