using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Cli.Tests;

/// <summary>
/// A real <c>hale run</c> leading a group on a real etcd: <c>hale status</c> and <c>hale explain GROUP</c> show it, and a real
/// HAProxy server bound to the group follows the role (ready while active, maint once it resigns).
/// </summary>
public sealed class GroupStatusProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-group-status-").FullName;
    private RealEtcdCluster? _etcd;
    private HaleProcess? _hale;

    public async Task InitializeAsync() => _etcd = await RealEtcdCluster.StartAsync(members: 1);

    public async Task DisposeAsync()
    {
        _hale?.Dispose();
        OwnedLeftovers.KillUnder(_dir);
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task StatusAndExplain_ActiveMember_ShowRoleTokenLeaseAndMembers()
    {
        var config = Path.Combine(_dir, "hale.yaml");
        await File.WriteAllTextAsync(config, $$"""
            node: solo
            http: { listen: "127.0.0.1:{{Loopback.FreePort()}}" }
            state_dir: {{Path.Combine(_dir, "state")}}
            etcd: { endpoints: [{{_etcd!.Endpoints[0].ToString().TrimEnd('/')}}], prefix: /status-test/ }
            services:
              app: { run: [sleep, "1000"] }
            groups:
              db: { coordinator: etcd, priority: 3, service: app }
            """);
        _hale = HaleProcess.Start("run", "-c", config);

        var explained = string.Empty;
        var started = TimeProvider.System.GetTimestamp();
        // Right after it promotes, the round's reason is still "promoting: …"; the next round says "active: holds the leader key".
        while (!explained.Contains("\n  why: active: holds the leader key (revision", StringComparison.Ordinal))
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, "never active; last explain:\n" + explained + "\nlog:\n" + _hale.Stderr);
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            var (_, stdout, stderr) = await HaleProcess.RunAsync("explain", "db", "-c", config);
            explained = stdout + stderr;
        }

        Assert.StartsWith("group db: active for ", explained, StringComparison.Ordinal);
        Assert.Matches(@"\n  leader: +solo \(priority 3\)", explained);
        Assert.Matches(@"\n  token: +\d+ \(HALE_FENCING_TOKEN\)", explained);
        Assert.Matches(@"\n  lease: +last renewal answered \d+ ms ago", explained);
        Assert.Matches(@"\n  member solo: +priority 3, healthy", explained);
        Assert.Contains("  would change it:\n", explained, StringComparison.Ordinal);

        var (code, status, _) = await HaleProcess.RunAsync("status", "-c", config);
        Assert.Equal(0, code);
        Assert.Matches(@"db \(etcd\) +solo +ACTIVE +solo +", status);

        var (missing, _, error) = await HaleProcess.RunAsync("explain", "nope", "-c", config);
        Assert.Equal(1, missing);
        Assert.Contains("no service, check, action, server or group named 'nope'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HAProxyBinding_OnTheGroup_ReadyWhileActiveMaintAfterResigning()
    {
        using var haproxy = await RealHAProxy.StartAsync();
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        var sick = Path.Combine(_dir, "sick");
        var config = Path.Combine(_dir, "hale.yaml");
        await File.WriteAllTextAsync(config, $$"""
            node: solo
            http: { listen: "127.0.0.1:{{Loopback.FreePort()}}" }
            state_dir: {{Path.Combine(_dir, "state")}}
            check_every: 100ms
            etcd: { endpoints: [{{_etcd!.Endpoints[0].ToString().TrimEnd('/')}}], prefix: /binding-test/ }
            haproxy:
              main: { socket: "{{haproxy.Unix.Text}}", timeout: 2s, drain_timeout: 1s }
            checks:
              ok: { command: "test ! -e {{sick}}" }
            groups:
              db: { coordinator: etcd, healthy: ok, haproxy: [ main:be_app/s1 ] }
            """);
        _hale = HaleProcess.Start("run", "-c", config);

        var ready = await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        await File.WriteAllTextAsync(sick, string.Empty);
        var maint = await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);

        Assert.Equal(ServerAdminState.Ready, ready.AdminState);
        Assert.Equal(ServerAdminState.Maint, maint.AdminState);
        Assert.Contains("resigns", _hale.Stderr, StringComparison.Ordinal);
    }
}
