using System.Text.Json;
using Hale.LoadBalancers;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Hosting.Tests.Engine;

/// <summary>The engine's <c>GET /-/explain/NAME</c> for an action and for an HAProxy server, against a real HAProxy.</summary>
public class HaleEngineExplainTests
{
    [Fact]
    public async Task Explain_ActionAndServer_FromTheRunningEngine()
    {
        using var haproxy = await RealHAProxy.StartAsync();
        await haproxy.Client().SetServerStateAsync(new ServerAddress("be_app", "s1"), ServerAdminState.Maint, CancellationToken.None);
        await using var host = await EngineHost.StartAsync($$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            haproxy:
              main: { socket: "{{haproxy.Unix.Text}}", timeout: 2s, drain_timeout: 2s }
            checks:
              ok: { command: "exit 0", haproxy: [ main:be_app/s1 ] }
            actions:
              flag: { when: [ok], promote: "touch {folder}/flag", demote: "rm -f {folder}/flag" }
            """);
        await haproxy.WaitForServerAsync("s1", r => r.AdminState == ServerAdminState.Ready);
        await EngineHost.WaitUntilAsync(() => File.Exists(Path.Combine(host.Folder, "flag")), "the action promoted");

        JsonElement action = default, server = default;
        await EngineHost.WaitUntilAsync(
            async () =>
            {
                action = await ExplainAsync(host, "flag");
                server = await ExplainAsync(host, "be_app/s1");
                return action.GetProperty("state").GetString() == "promoted" && server.GetProperty("state").GetString() == "ready";
            },
            "explained as promoted and ready");

        Assert.Equal("action", action.GetProperty("kind").GetString());
        Assert.Equal("promote: every when check is OK", action.GetProperty("rule").GetString());
        Assert.Contains(action.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "when" && i.GetProperty("value").GetString() == "ok is ok");
        Assert.Equal("server", server.GetProperty("kind").GetString());
        Assert.Equal("ready: check ok wants ready, and main accepted it", server.GetProperty("rule").GetString());
        Assert.Contains(server.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "driven by" && i.GetProperty("value").GetString() == "check ok");
    }

    private static async Task<JsonElement> ExplainAsync(EngineHost host, string name)
    {
        using var client = new HttpClient { Timeout = EngineHost.Deadline };
        var body = await client.GetStringAsync(new Uri($"http://127.0.0.1:{host.Engine.BoundEndPoints[0].Port}/-/explain/{name}"));
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("explanations").EnumerateArray().Single().Clone();
    }
}
