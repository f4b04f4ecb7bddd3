using Hale.Services;
using Hale.Testing;

namespace Hale.Hosting.Tests.Engine;

public class HaleEngineReloadTests
{
    [Fact]
    public async Task ApplyAsync_UnchangedBackgroundCheck_EndpointNeverChangesAnswerDuringTenReloads()
    {
        using var target = new OpenPort();
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              web: { background: { every: 1h, initial: fail, check: { tcp: { host: 127.0.0.1, port: {{target.Port}} } } } }
            """;
        await using var host = await EngineHost.StartAsync(yaml);
        await EngineHost.WaitUntilAsync(async () => await host.GetStatusAsync("web") == 200, "the background check's first run");

        var answers = new List<int>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Add(await host.GetStatusAsync("web"));
                await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            }
        });
        for (var i = 0; i < 10; i++)
        {
            var result = await host.ApplyAsync(yaml + $"\n# reload {i}\n");
            Assert.Equal(1, result.ChecksKept);
        }

        await stop.CancelAsync();
        await poller;
        Assert.NotEmpty(answers);
        Assert.All(answers, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task ApplyAsync_UnchangedServiceFollowsAChangedCheck()
    {
        using var open = new OpenPort();
        var closed = Loopback.FreePort();
        const string template = """
            http: { listen: 127.0.0.1:PORT }
            state_dir: {folder}/state
            checks:
              dep: { tcp: { host: 127.0.0.1, port: TARGET, timeout: 1s } }
            services:
              app: { run: [sleep, "1000"], depends_on: [dep], stop: { timeout: 2s } }
            """;
        var listen = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Yaml(int port) => template.Replace("PORT", listen, StringComparison.Ordinal).Replace("TARGET", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var host = await EngineHost.StartAsync(Yaml(closed));
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.WaitingFor is not null, "app waits for dep");

        var result = await host.ApplyAsync(Yaml(open.Port));

        Assert.Empty(result.ServicesRestarted);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.State == ServiceState.Ready, "app starts once dep is up");
    }

    [Fact]
    public async Task ApplyAsync_PolicyOnlyChange_KeepsTheProcess()
    {
        var listen = Loopback.FreePort();
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{listen}} }
            state_dir: {folder}/state
            services:
              app: { run: [sleep, "1000"], stop: { timeout: 2s } }
            """;
        await using var host = await EngineHost.StartAsync(yaml);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.Pid is not null, "app runs");
        var pid = host.Engine.Supervisor.GetStatus("app")!.Pid;

        var result = await host.ApplyAsync(yaml.Replace("stop: { timeout: 2s }", "stop: { timeout: 3s }, restart: { backoff: { initial: 1s, max: 5s } }", StringComparison.Ordinal));

        Assert.Equal(["app"], result.ServicesUpdated);
        Assert.Empty(result.ServicesRestarted);
        Assert.Equal(pid, host.Engine.Supervisor.GetStatus("app")!.Pid);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.Definitions.Single().Stop.Timeout == TimeSpan.FromSeconds(3), "the new stop policy applied");
    }

    [Fact]
    public async Task ApplyAsync_ProcessChange_RestartsTheService()
    {
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            services:
              app: { run: [sleep, "1000"], stop: { timeout: 2s } }
            """;
        await using var host = await EngineHost.StartAsync(yaml);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.Pid is not null, "app runs");
        var pid = host.Engine.Supervisor.GetStatus("app")!.Pid;

        var result = await host.ApplyAsync(yaml.Replace("\"1000\"", "\"1001\"", StringComparison.Ordinal));

        Assert.Equal(["app"], result.ServicesRestarted);
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.Pid is { } now && now != pid, "app runs anew");
    }

    [Fact]
    public async Task ApplyAsync_ListenChanged_RebindsWithoutRestartingServices()
    {
        int first = Loopback.FreePort(), second = Loopback.FreePort();
        const string template = """
            http: { listen: 127.0.0.1:PORT }
            state_dir: {folder}/state
            checks:
              up: { command: "exit 0" }
            services:
              app: { run: [sleep, "1000"], stop: { timeout: 2s } }
            """;
        string Yaml(int port) => template.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var host = await EngineHost.StartAsync(Yaml(first));
        await EngineHost.WaitUntilAsync(() => host.Engine.Supervisor.GetStatus("app")?.Pid is not null, "app runs");
        var pid = host.Engine.Supervisor.GetStatus("app")!.Pid;
        Assert.Equal(200, await host.GetStatusAsync("up", first));

        var result = await host.ApplyAsync(Yaml(second));

        Assert.True(result.ListenChanged);
        Assert.Equal(200, await host.GetStatusAsync("up", second));
        Assert.Equal(0, await host.GetStatusAsync("up", first));
        Assert.Equal(pid, host.Engine.Supervisor.GetStatus("app")!.Pid);
    }

    [Fact]
    public async Task Hysteresis_ConsumedCheck_CountsItsOwnRunsNotRequests()
    {
        var closed = Loopback.FreePort();
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              h:
                every: 1h
                hysteresis: { check: { tcp: { host: 127.0.0.1, port: {{closed}}, timeout: 1s } }, initial: ok, ok_after: 1, fail_after: 3 }
            actions:
              watch: { when: [h], promote: "true", demote: "true" }
            """;
        await using var host = await EngineHost.StartAsync(yaml);
        var check = host.Engine.Checks.Find("h")!;
        await EngineHost.WaitUntilAsync(() => check.RunCount >= 1, "the first run");

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, await host.GetStatusAsync("h"));
        }

        Assert.Equal(1, check.RunCount);
    }

    [Fact]
    public async Task StopAsync_DemotesPromotedActions()
    {
        var yaml = $$"""
            http: { listen: 127.0.0.1:{{Loopback.FreePort()}} }
            state_dir: {folder}/state
            checks:
              ok: { command: "exit 0" }
            actions:
              flag: { when: [ok], promote: "touch {folder}/flag", demote: "rm -f {folder}/flag" }
            """;
        var host = await EngineHost.StartAsync(yaml);
        var flag = Path.Combine(host.Folder, "flag");
        try
        {
            await EngineHost.WaitUntilAsync(() => File.Exists(flag), "the promotion");

            await host.Engine.StopAsync();

            Assert.False(File.Exists(flag));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
