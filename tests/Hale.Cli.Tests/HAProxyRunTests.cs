using Hale.LoadBalancers;
using Hale.Testing.Peers;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary><c>hale run</c> with a <c>haproxy:</c> section drives a real HAProxy: ready when the service is ready, maint after <c>hale ctl stop</c>.</summary>
public sealed class HAProxyRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-haproxy-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_ServiceBoundToHAProxy_ReadyThenMaintAfterCtlStop()
    {
        using var haproxy = await RealHAProxy.StartAsync();
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        var config = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(config, $$"""
            http: { listen: "127.0.0.1:{{Loopback.FreePort()}}" }
            haproxy:
              main: { socket: "{{haproxy.Unix.Text}}", timeout: 2s, drain_timeout: 2s }
            services:
              web:
                run: "exec sleep 3000"
                haproxy: [ main:be_app/s1 ]
            """);
        using var hale = HaleProcess.Start("run", "-c", config);

        var ready = await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        var (_, status, _) = await HaleProcess.RunAsync("status", "-c", config);
        var (code, _, ctlError) = await HaleProcess.RunAsync("ctl", "stop", "web", "-c", config);
        var maint = await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);
        hale.Signal(15);

        Assert.Equal(ServerAdminState.Ready, ready.AdminState);
        Assert.Contains("be_app/s1", status);
        Assert.True(code == 0, ctlError);
        Assert.Equal(ServerAdminState.Maint, maint.AdminState);
        var exit = await hale.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, hale.Stderr);
    }
}
