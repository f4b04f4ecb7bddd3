using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Hosting.Tests.Engine;

public class HaleEngineBalancerTests
{
    [Fact]
    public async Task ApplyAsync_HAProxyAddedByReload_ServerFollowsItsCheckWithoutRestart()
    {
        using var haproxy = await RealHAProxy.StartAsync();
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        var listen = Loopback.FreePort();
        var before = $$"""
            http: { listen: 127.0.0.1:{{listen}} }
            state_dir: {folder}/state
            checks:
              ok: { command: "exit 0" }
            services:
              app: { run: [sleep, "1000"], stop: { timeout: 2s } }
            """;
        await using var host = await EngineHost.StartAsync(before);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.Pid is not null, "app runs");
        var pid = host.Engine.Supervisor.GetStatus("app")!.Pid;

        var result = await host.ApplyAsync($$"""
            http: { listen: 127.0.0.1:{{listen}} }
            state_dir: {folder}/state
            haproxy:
              main: { socket: "{{haproxy.Unix.Text}}", timeout: 2s, drain_timeout: 2s }
            checks:
              ok: { command: "exit 0", haproxy: [ main:be_app/s1 ] }
            services:
              app: { run: [sleep, "1000"], stop: { timeout: 2s } }
            """);

        Assert.True(result.LoadBalancersChanged);
        var ready = await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        Assert.Equal(ServerAdminState.Ready, ready.AdminState);
        Assert.Equal(pid, host.Engine.Supervisor.GetStatus("app")!.Pid);
    }
}
