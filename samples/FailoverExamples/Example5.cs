using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
using Hale.Hosting;
using Hale.Probes;

/// <summary>Example 5: TCP failover with manual fail-back. FAIL after ten consecutive failures, and stay FAIL until an authorised user POSTs.</summary>
internal static class Example5
{
    public static async Task RunAsync(CancellationToken stop)
    {
        var server = new HealthCheckServer(port: 8080);
        var mailCheck = new Toggle(
            toFail: new Hysteresis(new TcpCheck("192.0.2.1", 25, TimeSpan.FromSeconds(10)), HealthState.Ok, okAfter: 1, failAfter: 10),
            toOk: new Oneshot(auth: new HtpasswdFile("/var/lib/healthcheck_users")),
            initialState: HealthState.Ok);
        server.AddComponent("mail-u5", mailCheck, onPost: mailCheck.ToOk);
        await server.RunAsync(stop);
    }
}
