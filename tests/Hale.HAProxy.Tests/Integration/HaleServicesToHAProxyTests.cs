using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hale.HAProxy;
using Hale.LoadBalancers;
using Hale.Processes;
using Hale.Services;

using Hale.Testing.Peers;

namespace Hale.HAProxy.Tests.Integration;

/// <summary>Hale's own supervision drives a real HAProxy: crash → MAINT, ready → ready, reload → re-applied, planned stop → drain first.</summary>
public sealed class HaleServicesToHAProxyTests : IAsyncLifetime
{
    private static readonly ServerAddress S1 = new("be_app", "s1");
    private readonly string _owner = "hale-lb-" + Guid.NewGuid().ToString("N");
    private RealHAProxy _haproxy = null!;
    private LoadBalancerBindings _bindings = null!;
    private Hale.Services.Supervisor _supervisor = null!;

    public async Task InitializeAsync()
    {
        _haproxy = await RealHAProxy.StartAsync();
        var balancer = new BalancerDefinition
        {
            Name = "main",
            Socket = _haproxy.Unix.Text,
            Timeout = TimeSpan.FromSeconds(2),
            DrainTimeout = TimeSpan.FromSeconds(10),
            ResyncEvery = TimeSpan.FromMilliseconds(200),
        };
        _bindings = LoadBalancerBindings.Create(
            [balancer],
            [new LoadBalancerBinding(BindingSource.Service, "web", "main", S1)],
            d => new HAProxyRuntimeClient(HAProxyEndpoint.Parse(d.Socket), d.Timeout, TimeProvider.System, d.Name),
            null,
            TimeProvider.System);
        var web = new ServiceDefinition
        {
            Name = "web",
            Run = new ProcessSpec { CommandLine = "exec sleep 300", Owner = _owner },
            Restart = new RestartPolicy { BackoffInitial = TimeSpan.FromMilliseconds(300), StartWindow = TimeSpan.FromMilliseconds(200) },
            CheckInterval = TimeSpan.FromMilliseconds(100),
        };
        _supervisor = new Hale.Services.Supervisor(_bindings.WithDrainHooks([web]), new SupervisorOptions { Owner = _owner });
        _bindings.Attach(_supervisor, []);
        await _supervisor.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _haproxy.ReleaseHeldConnections();
        await _supervisor.StopAsync();
        await _supervisor.DisposeAsync();
        await _bindings.DisposeAsync();
        ProcessTable.KillLeftovers(_owner);
        _haproxy.Dispose();
    }

    [Fact]
    public async Task ServiceKilled_ServerMaint_ThenReadyWhenItComesBack()
    {
        await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        var pid = await WaitForServiceAsync(s => s.State == ServiceState.Ready);

        Process.GetProcessById(pid.Pid!.Value).Kill();
        var maint = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);
        var status = await _haproxy.StatusAsync("s1");
        var back = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);

        Assert.Equal(ServerAdminState.Maint, maint.AdminState);
        Assert.Equal("MAINT", status);
        Assert.Equal(ServerAdminState.Ready, back.AdminState);
        Assert.Equal(ServiceState.Ready, _supervisor.GetStatus("web")!.State);
    }

    [Fact]
    public async Task HAProxyRestartedWhileServiceDown_MaintReapplied()
    {
        _supervisor.Send("web", ServiceCommand.Stop);
        await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);

        var oldPid = _haproxy.Pid;
        await _haproxy.RestartAsync();
        var maint = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);

        // A fresh HAProxy starts s1 ready (its config); MAINT again means Hale noticed the new process and re-applied.
        Assert.NotEqual(oldPid, _haproxy.Pid);
        Assert.Equal(ServerAdminState.Maint, maint.AdminState);
        // How fast (within resync_every) is a timing target: bench/, not an assertion on a loaded machine.
        await WaitForAsync(() => _bindings.Snapshot.Single().Info?.Pid == _haproxy.Pid);
    }

    [Fact]
    public async Task PlannedStop_DrainsUntilTheOpenConnectionCloses()
    {
        await WaitForServiceAsync(s => s.State == ServiceState.Ready);
        await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        await _haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s2"), ServerAdminState.Maint, CancellationToken.None);
        _haproxy.HoldConnections = true;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _haproxy.FrontendPort);
        await WaitForSessionsAsync(n => n >= 1);

        _supervisor.Send("web", ServiceCommand.Stop);
        var draining = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Drain);
        await Task.Delay(700);
        var whileOpen = _supervisor.GetStatus("web")!;
        client.Dispose();
        _haproxy.ReleaseHeldConnections();
        var stopped = await WaitForServiceAsync(s => s.State == ServiceState.Stopped);
        var maint = await _haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Maint);

        Assert.Equal(ServerAdminState.Drain, draining.AdminState);
        Assert.Equal(ServiceState.Stopping, whileOpen.State);
        Assert.True(ProcessTable.IsAlive(whileOpen.Pid!.Value) || stopped.State == ServiceState.Stopped);
        Assert.Equal(ServerAdminState.Maint, maint.AdminState);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private async Task WaitForSessionsAsync(Func<int, bool> condition)
    {
        var client = _haproxy.Client();
        for (var i = 0; i < 200; i++)
        {
            if (await client.CurrentSessionsAsync(S1, CancellationToken.None) is { } n && condition(n))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("scur never reached the condition");
    }

    private async Task<ServiceStatus> WaitForServiceAsync(Func<ServiceStatus, bool> condition)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (_supervisor.GetStatus("web") is { } s && condition(s))
            {
                return s;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"web: {_supervisor.GetStatus("web")}");
    }
}
