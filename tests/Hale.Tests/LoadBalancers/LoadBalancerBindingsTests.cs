using Hale.Checks;
using Hale.LoadBalancers;
using Hale.Processes;
using Hale.Services;
using Hale.Testing;
using Hale.Tests.Actions;

namespace Hale.Tests.LoadBalancers;

/// <summary>Bindings with a real supervisor and real children (real time), against an in-memory balancer.</summary>
public sealed class LoadBalancerBindingsTests : IAsyncLifetime
{
    private static readonly ServerAddress Web1 = new("be_web", "web1");
    private static readonly ServerAddress Db1 = new("be_db", "db1");

    private readonly string _owner = "hale-test-" + Guid.NewGuid().ToString("N");
    private readonly FakeLoadBalancerRuntime _fake = new(TimeProvider.System, Web1, Db1);
    private readonly BalancerDefinition _main = new() { Name = "main", Socket = "tcp://127.0.0.1:9902", DrainTimeout = TimeSpan.FromSeconds(5) };
    private Supervisor? _supervisor;
    private LoadBalancerBindings? _bindings;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_supervisor is not null)
        {
            await _supervisor.StopAsync();
            await _supervisor.DisposeAsync();
        }

        if (_bindings is not null)
        {
            await _bindings.DisposeAsync();
        }

        ProcessTable.KillLeftovers(_owner);
    }

    [Fact]
    public void Create_UnknownBalancer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LoadBalancerBindings.Create(
            [_main], [new LoadBalancerBinding(BindingSource.Service, "web", "other", Web1)], _ => _fake));

        Assert.Contains("unknown load balancer 'other'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDrainHooks_BoundServiceOnly_HookBoundedByDrainTimeout()
    {
        var bindings = Create(new LoadBalancerBinding(BindingSource.Service, "web", "main", Web1));

        var hooked = bindings.WithDrainHooks([Owned("web"), Owned("other")]);

        Assert.NotNull(hooked[0].BeforeStop);
        Assert.Equal(TimeSpan.FromSeconds(9), hooked[0].BeforeStopTimeout);
        Assert.Null(hooked[1].BeforeStop);
    }

    [Fact]
    public async Task PlannedStop_DrainsAndWaitsForSessionsBeforeTheSignal()
    {
        _fake.QueueSessions(Web1, 2, 1, 0);
        var stopped = Path.Combine(Path.GetTempPath(), _owner + ".stopped");
        await StartAsync(Owned("web", $"trap 'date +%s%N > {stopped}; exit 0' TERM; while true; do sleep 0.05; done"), new LoadBalancerBinding(BindingSource.Service, "web", "main", Web1));
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault() == (Web1, ServerAdminState.Ready), "ready applied");

        _supervisor!.Send("web", ServiceCommand.Stop);
        await Eventually.TrueAsync(() => _supervisor.GetStatus("web")!.State == ServiceState.Stopped, "stopped");
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault() == (Web1, ServerAdminState.Maint), "maint applied");

        var sessions = _fake.SessionCalls;
        Assert.Equal(3, sessions.Count);
        var signalledAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(File.ReadAllText(stopped).Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1_000_000);
        Assert.True(signalledAt >= sessions[^1].At - TimeSpan.FromMilliseconds(50), $"signalled at {signalledAt:O}, last poll {sessions[^1].At:O}");
        Assert.Equal([ServerAdminState.Ready, ServerAdminState.Drain, ServerAdminState.Maint], _fake.Sets.Select(s => s.State).TakeLast(3));
        File.Delete(stopped);
    }

    [Fact]
    public async Task Crash_MaintAtOnceWithoutDrain()
    {
        await StartAsync(Owned("web", "exec sleep 300"), new LoadBalancerBinding(BindingSource.Service, "web", "main", Web1));
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault() == (Web1, ServerAdminState.Ready), "ready applied");
        var pid = _supervisor!.GetStatus("web")!.Pid!.Value;

        NativeMethods.KillProcessGroup(pid, NativeMethods.SIGKILL);
        await Eventually.TrueAsync(() => _fake.Sets.Count > 0 && _fake.Sets[^1] == (Web1, ServerAdminState.Maint) && _fake.Sets.Count(s => s.State == ServerAdminState.Ready) == 1, "maint applied");

        Assert.Empty(_fake.SessionCalls);
        Assert.DoesNotContain(_fake.Sets, s => s.State == ServerAdminState.Drain);
    }

    [Fact]
    public async Task CheckTransitions_DriveTheServer()
    {
        var check = new NamedCheck("db", new ScriptedCheck(CheckStatus.Ok));
        await StartAsync(Owned("web", "exec sleep 300"), new LoadBalancerBinding(BindingSource.Check, "db", "main", Db1), check);

        await check.CheckAsync();
        await Eventually.TrueAsync(() => _fake.Sets.Contains((Db1, ServerAdminState.Ready)), "ready");
        ((ScriptedCheck)check.Inner).Status = CheckStatus.Fail;
        await check.CheckAsync();
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault(s => s.Server == Db1) == (Db1, ServerAdminState.Maint), "maint");
    }

    [Fact]
    public async Task BoundCheck_OnItsOwnersSchedule_DrivesTheServerWithoutRequests()
    {
        var inner = new ScriptedCheck(CheckStatus.Ok);
        await using var check = new NamedCheck("db", inner);
        await StartAsync(Owned("web", "exec sleep 300"), new LoadBalancerBinding(BindingSource.Check, "db", "main", Db1), check);
        check.StartSchedule(TimeSpan.FromMilliseconds(100));

        await Eventually.TrueAsync(() => _fake.Sets.Contains((Db1, ServerAdminState.Ready)), "ready without a request");
        inner.Status = CheckStatus.Fail;
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault(s => s.Server == Db1) == (Db1, ServerAdminState.Maint), "maint without a request");

        Assert.True(inner.Calls >= 2);
    }

    [Fact]
    public async Task ReplaceChecks_NewInstance_OldOneIgnored()
    {
        var oldInner = new ScriptedCheck(CheckStatus.Fail);
        var old = new NamedCheck("db", oldInner);
        await StartAsync(Owned("web"), new LoadBalancerBinding(BindingSource.Check, "db", "main", Db1), old);
        var replacement = new NamedCheck("db", new ScriptedCheck(CheckStatus.Ok));

        _bindings!.ReplaceChecks([replacement]);
        await replacement.CheckAsync();
        await Eventually.TrueAsync(() => _fake.Sets.LastOrDefault(s => s.Server == Db1) == (Db1, ServerAdminState.Ready), "ready from the new check");
        oldInner.Status = CheckStatus.Ok;
        await old.CheckAsync();
        oldInner.Status = CheckStatus.Fail;
        await old.CheckAsync();
        await Task.Delay(100);

        Assert.Equal((Db1, ServerAdminState.Ready), _fake.Sets.Last(s => s.Server == Db1));
    }

    private LoadBalancerBindings Create(params LoadBalancerBinding[] bindings) =>
        _bindings = LoadBalancerBindings.Create([_main], bindings, _ => _fake);

    private async Task StartAsync(ServiceDefinition service, LoadBalancerBinding binding, params NamedCheck[] checks)
    {
        Create(binding);
        _supervisor = new Supervisor(_bindings!.WithDrainHooks([service]), new SupervisorOptions { Owner = _owner, OrderGroupTimeout = TimeSpan.FromSeconds(5) });
        _bindings.Attach(_supervisor, checks);
        await _supervisor.StartAsync();
    }

    private ServiceDefinition Owned(string name, string command = "exec sleep 300") => new()
    {
        Name = name,
        Run = new ProcessSpec { CommandLine = command, Owner = _owner },
        Restart = new RestartPolicy { BackoffInitial = TimeSpan.FromSeconds(30), StartWindow = TimeSpan.FromMilliseconds(100) },
        CheckInterval = TimeSpan.FromMilliseconds(100),
        Stop = new StopPolicy(NativeMethods.SIGTERM, TimeSpan.FromSeconds(2)),
    };
}
