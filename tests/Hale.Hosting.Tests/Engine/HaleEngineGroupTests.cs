using Hale.Testing;

namespace Hale.Hosting.Tests.Engine;

/// <summary>
/// <c>coordinator: local</c> groups in the engine, with two members <c>host-a</c> (priority 1) and <c>host-b</c> (priority 2)
/// standing in for hosts through state files: the test command exits with the file's number, start writes the member's
/// up-priority into it, stop writes 0.
/// </summary>
public sealed class HaleEngineGroupTests : IDisposable
{
    private readonly string _hosts = Directory.CreateTempSubdirectory("hale-group-hosts-").FullName;

    public void Dispose() => Directory.Delete(_hosts, recursive: true);

    [Fact]
    public async Task StartAsync_BothMembersDown_StartsThePrimaryAndServesItActive()
    {
        SetUp(a: 0, b: 0, upA: 1, upB: 2);
        await using var host = await EngineHost.StartAsync(Yaml("host-a"));

        await EngineHost.WaitUntilAsync(() => State("host-a") == "1", "host-a started");
        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("g") == 200, "/g answers 200 on host-a");
        Assert.Equal("0", State("host-b"));
    }

    [Fact]
    public async Task Journal_PrimaryStarted_RecordsTheGroupBecomingActive()
    {
        SetUp(a: 0, b: 0, upA: 1, upB: 2);
        await using var host = await EngineHost.StartAsync(Yaml("host-a"));
        var journal = host.Engine.Events;

        await EngineHost.WaitUntilAsync(() => journal.Snapshot().Any(e => e is { Kind: "group", Name: "g", To: "active" }), "g active in the journal");
        var roles = journal.Snapshot().Where(e => e.Kind == "group").ToList();

        Assert.Equal("starting", roles[0].From);
        Assert.All(roles.Zip(roles.Skip(1)), p => Assert.Equal(p.First.To, p.Second.From));
    }

    [Fact]
    public async Task StartAsync_BothMembersUp_StopsTheHigherNumber()
    {
        SetUp(a: 1, b: 2, upA: 1, upB: 2);
        await using var host = await EngineHost.StartAsync(Yaml("host-a"));

        await EngineHost.WaitUntilAsync(() => State("host-b") == "0", "host-b stopped");
        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("g") == 200, "/g answers 200 on host-a");
        Assert.Equal("1", State("host-a"));
    }

    [Fact]
    public async Task StartAsync_NodeIsTheStoppedMember_Serves503()
    {
        SetUp(a: 1, b: 2, upA: 1, upB: 2);
        await using var host = await EngineHost.StartAsync(Yaml("host-b"));

        await EngineHost.WaitUntilAsync(() => State("host-b") == "0", "host-b stopped");
        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("g") == 503, "/g answers 503 on host-b");
        Assert.Equal("1", State("host-a"));
    }

    [Fact]
    public async Task ApplyAsync_NodeChanged_RestartsTheGroupAndFollowsTheNewRole()
    {
        SetUp(a: 1, b: 0, upA: 1, upB: 2);
        await using var host = await EngineHost.StartAsync(Yaml("host-a"));
        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("g") == 200, "/g answers 200 on host-a");

        await host.ApplyAsync(Yaml("host-b"));

        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("g") == 503, "/g answers 503 as host-b");
        await host.ApplyAsync(Yaml("host-b").Replace("  g:", "  h:", StringComparison.Ordinal));
        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("g") == 404, "/g removed");
        Assert.Equal(503, await host.GetStatusAsync("h"));
    }

    private string Yaml(string node) => $$"""
        http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
        state_dir: {folder}/state
        node: {{node}}
        groups:
          g:
            coordinator: local
            interval: 200ms
            hosts: { host-a: { priority: 1 }, host-b: { priority: 2 } }
            test: "exit $(cat {{_hosts}}/{host}.state)"
            start: "cat {{_hosts}}/{host}.up > {{_hosts}}/{host}.state"
            stop: "echo 0 > {{_hosts}}/{host}.state"
            timeout: 10s
        """;

    private void SetUp(int a, int b, int upA, int upB)
    {
        File.WriteAllText(Path.Combine(_hosts, "host-a.state"), $"{a}\n");
        File.WriteAllText(Path.Combine(_hosts, "host-b.state"), $"{b}\n");
        File.WriteAllText(Path.Combine(_hosts, "host-a.up"), $"{upA}\n");
        File.WriteAllText(Path.Combine(_hosts, "host-b.up"), $"{upB}\n");
    }

    private string State(string host)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_hosts, $"{host}.state")).Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
