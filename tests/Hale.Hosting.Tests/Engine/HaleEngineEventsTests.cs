using Hale.Hosting.Events;
using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Hosting.Tests.Engine;

/// <summary>The engine's transition journal: real checks, a real action command and a real failing child process.</summary>
public sealed class HaleEngineEventsTests
{
    [Fact]
    public async Task Journal_CheckActionAndFailingService_RecordsEachStateChangeOnce()
    {
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              ok: { command: "exit 0" }
            actions:
              flag: { when: [ok], promote: "true", demote: "true" }
            services:
              bad:
                run: [sh, -c, "exit 3"]
                restart: { start_window: 100ms, backoff: { initial: 50ms, max: 100ms }, limit: { starts: 2, within: 1m, then: hold } }
            """;
        await using var host = await EngineHost.StartAsync(yaml);
        var journal = host.Engine.Events;

        await EngineHost.WaitUntilAsync(() => journal.Snapshot().Any(e => e is { Kind: TransitionKind.Service, Name: "bad", To: "fatal" }), "bad goes fatal");
        await EngineHost.WaitUntilAsync(() => journal.Snapshot().Any(e => e is { Kind: TransitionKind.Action, Name: "flag", To: "promoted" }), "flag promoted");
        await EngineHost.WaitUntilAsync(() => journal.Snapshot().Any(e => e is { Kind: TransitionKind.Check, Name: "ok", To: "ok" }), "ok is ok");
        var events = journal.Snapshot();
        var bad = events.Where(e => e.Name == "bad").ToList();

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.All(bad.Skip(1), e => Assert.NotEqual(e.From, e.To));
        Assert.All(bad.Zip(bad.Skip(1)), p => Assert.Equal(p.First.To, p.Second.From));
        Assert.Contains(bad, e => e.To == "fatal" && e.Detail!.Contains("held", StringComparison.Ordinal));
        Assert.Contains(events, e => e is { Kind: TransitionKind.Action, Name: "flag", From: null, To: "promoted" } && e.Detail!.Contains("`true`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Journal_RealHAProxyServer_AppliedThenDriftRepaired()
    {
        using var haproxy = await RealHAProxy.StartAsync();
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            haproxy:
              main: { socket: "{{haproxy.Unix.Text}}", timeout: 2s, drain_timeout: 2s, resync_every: 100ms }
            checks:
              ok: { command: "exit 0", haproxy: [ main:be_app/s1 ] }
            """;
        await using var host = await EngineHost.StartAsync(yaml);
        var journal = host.Engine.Events;
        await EngineHost.WaitUntilAsync(() => journal.Snapshot().Any(e => e is { Kind: TransitionKind.Server, To: "ready" }), "s1 set ready");

        // Someone sets it to maint behind Hale's back: the next resync puts it back.
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        await EngineHost.WaitUntilAsync(() => journal.Snapshot().Any(e => e is { Kind: TransitionKind.Server, Detail: "drift repaired" }), "the drift repaired");
        var servers = journal.Snapshot().Where(e => e.Kind == TransitionKind.Server).ToList();

        Assert.Equal(("main/be_app/s1", null, "ready", "applied"), (servers[0].Name, servers[0].From, servers[0].To, servers[0].Detail));
        Assert.Contains(servers, e => e is { Name: "main/be_app/s1", From: "maint", To: "ready", Detail: "drift repaired" });
    }
}
