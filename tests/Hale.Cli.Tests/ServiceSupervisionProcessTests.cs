using System.Text.Json;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>The real <c>hale run</c> supervising services: stop order by dependency, log levels an operator can filter, last exit and output in /-/status.</summary>
public sealed class ServiceSupervisionProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-supervision-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SigTerm_DependencyHasHigherOrder_DependentStopsFirst()
    {
        var stops = Path.Combine(_dir, "stops");
        var config = Write($$"""
              db:
                run: "trap 'echo db >> {{stops}}; exit 0' TERM; while true; do sleep 1 & wait $!; done"
                order: 2
              app:
                run: "trap 'sleep 0.3; echo app >> {{stops}}; exit 0' TERM; while true; do sleep 1 & wait $!; done"
                depends_on: [db]
                order: 1
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service app is now Ready", TimeSpan.FromSeconds(30));

        hale.Signal(15);
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        Assert.Equal(["app", "db"], File.ReadAllLines(stops));
    }

    [Fact]
    public async Task Crash_DependencyStoppedByOperator_NotRestartedUntilTheDependencyStarts()
    {
        var config = Write("""
              db:
                run: [sleep, "3600"]
              app:
                run: [sleep, "3600"]
                depends_on: [db]
                check_interval: 1h
                restart: { backoff: { initial: 200ms, max: 200ms } }
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service app is now Ready", TimeSpan.FromSeconds(30));
        var (stopCode, _, stopError) = await HaleProcess.RunAsync("ctl", "stop", "db", "-c", config);
        Assert.True(stopCode == 0, stopError);
        await hale.WaitForStderrAsync("Service db is now Stopped", TimeSpan.FromSeconds(30));
        var app = (await ServiceStatusAsync("app")).GetProperty("pid").GetInt32();

        var mark = hale.StderrLength;
        System.Diagnostics.Process.GetProcessById(app).Kill();
        await WaitUntilAsync(() => Task.FromResult(hale.StderrFrom(mark).Contains("waiting for db", StringComparison.Ordinal)));
        // The backoff (200 ms) passes many times over while db stays stopped: app must keep waiting.
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        var waiting = await ServiceStatusAsync("app");
        var (startCode, _, startError) = await HaleProcess.RunAsync("ctl", "start", "db", "-c", config);

        Assert.NotEqual("ready", waiting.GetProperty("state").GetString());
        Assert.True(startCode == 0, startError);
        await WaitUntilAsync(async () => await ServiceStatusAsync("app") is var now
            && now.GetProperty("state").GetString() == "ready" && now.GetProperty("pid").GetInt32() != app);
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Run_CrashAndOutput_WarnAndInfoLevels_StatusShowsLastExitAndOutput()
    {
        var config = Write("""
              app:
                run: "echo app-stderr-line >&2; exec sleep 3600"
                stderr_log_level: warning
              crasher:
                run: "echo crasher-stdout-line; echo crasher-stderr-line >&2; sleep 1.5; exit 3"
                restart: { backoff: { initial: 30s, max: 30s } }
            """);
        using var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service app is now Ready", TimeSpan.FromSeconds(30));
        await hale.WaitForStderrAsync("Service crasher is now Backoff", TimeSpan.FromSeconds(30));
        var crasher = await ServiceStatusAsync("crasher");

        hale.Signal(15);
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var log = hale.Stderr;

        Assert.Equal(0, code);
        Assert.Matches(@"Z warn: Hale\.Services\[\d+\] Service crasher is now Backoff, next start at \S+: exited after [\d.]+ s \(exit 3\)", log);
        Assert.Matches(@"Z info: Hale\.Services\[\d+\] \[crasher\] crasher-stderr-line\n", log);
        Assert.Matches(@"Z info: Hale\.Services\[\d+\] \[crasher\] crasher-stdout-line\n", log);
        Assert.Matches(@"Z warn: Hale\.Services\[\d+\] \[app\] app-stderr-line\n", log);
        var lastExit = crasher.GetProperty("last_exit");
        Assert.Equal(3, lastExit.GetProperty("exit_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, lastExit.GetProperty("signal").ValueKind);
        Assert.Equal("exit 3", lastExit.GetProperty("description").GetString());
        Assert.True(lastExit.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        var output = crasher.GetProperty("output").EnumerateArray().Select(l => (l.GetProperty("stream").GetString(), l.GetProperty("text").GetString())).ToList();
        Assert.Equal([("stderr", "crasher-stderr-line"), ("stdout", "crasher-stdout-line")], output.Order());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "condition not met in time");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    private string Write(string services)
    {
        var path = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(path, $$"""
            http: { listen: "127.0.0.1:{{_port}}" }
            state_dir: ./state
            services:
            {{services}}
            """);
        return path;
    }

    private async Task<JsonElement> ServiceStatusAsync(string service)
    {
        // Over the control socket: the full status, with output (over TCP without credentials it has none).
        var socket = Path.Combine(_dir, "state", "hale.sock");
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await s.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), ct);
                return new System.Net.Sockets.NetworkStream(s, ownsSocket: true);
            },
        });
        var json = await client.GetStringAsync("http://hale/-/status");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == service).Clone();
    }
}
