using Hale.Checks;
using Hale.Combinators;
using Hale.Hosting;
using Hale.Probes;

/// <summary>Example 2: TCP check with counted hysteresis. Start FAIL; OK after 5 consecutive successes, FAIL after 20 consecutive failures.</summary>
internal static class Example2
{
    public static async Task RunAsync(CancellationToken stop)
    {
        var server = new HealthCheckServer(port: 8080);
        server.AddComponent(
            "example-2",
            new Hysteresis(
                new TcpCheck("192.0.2.1", 25, TimeSpan.FromSeconds(10)),
                initialState: HealthState.Fail,
                okAfter: Threshold.Count(5),
                failAfter: Threshold.Count(20)));
        await server.RunAsync(stop);
    }
}
