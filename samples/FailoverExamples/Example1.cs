using Hale.Hosting;
using Hale.Probes;

/// <summary>Example 1: simple TCP check. OK iff the mail server accepts a connection within 10 seconds.</summary>
internal static class Example1
{
    public static async Task RunAsync(CancellationToken stop)
    {
        var server = new HealthCheckServer(port: 8080);
        server.AddComponent("example-1", new TcpCheck("192.0.2.1", 25, TimeSpan.FromSeconds(10)));
        await server.RunAsync(stop);
    }
}
