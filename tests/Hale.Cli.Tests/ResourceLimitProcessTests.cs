using System.Net;
using System.Net.Sockets;
using System.Text;
using Hale.Testing;

namespace Hale.Cli.Tests;

/// <summary>
/// Hostile input through the real <c>hale</c>: idle connections past <c>http.max_connections</c> neither kill the daemon
/// nor keep it from serving once they go, and a 10,000-long chain of references is an error, not a stack overflow, for
/// <c>hale check</c> and on SIGHUP.
/// </summary>
public sealed class ResourceLimitProcessTests : IDisposable
{
    private const string ChildCommand = "sleep 3023";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-limits-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_IdleConnectionsPastMaxConnections_ExtraClosedDaemonLivesAndServesOnceTheyClose()
    {
        var config = Write(ValidConfig("  max_connections: 5\n"));
        using var hale = await StartAsync(config);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, _port);
                sockets.Add(socket);
            }

            await hale.WaitForStderrAsync("HTTP connection limit reached (5 open", Deadline);
            var answers = await Task.WhenAll(sockets.Select(RequestAsync));

            Assert.Equal(5, answers.Count(a => a == "HTTP/1.1 200 OK"));
            Assert.Equal(45, answers.Count(a => a is null));
            var status = await HaleProcess.RunAsync("status", "-c", config);
            Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
            Assert.False(hale.HasExited, hale.Stderr);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        Assert.Equal(HttpStatusCode.OK, await UpStatusAsync());
        await StopAsync(hale);
    }

    [Fact]
    public async Task Check_TenThousandLongNotChain_Exit2WithFileLineColumn()
    {
        var config = Write(ValidConfig() + NotChain(10_000));

        var (code, _, stderr) = await HaleProcess.RunAsync("check", "-c", config);

        Assert.Equal(2, code);
        Assert.Contains($"{config}:", stderr, StringComparison.Ordinal);
        Assert.Contains("nest deeper than 32 (reference_depth)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack overflow", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigHup_TenThousandLongChains_RejectedDaemonKeepsItsChildAndServes()
    {
        var config = Write(ValidConfig());
        using var hale = await StartAsync(config);

        Write(ValidConfig() + NotChain(10_000));
        hale.Signal(1);
        var stderr = await hale.WaitForStderrAsync("Reload rejected: ", Deadline);
        var offset = hale.StderrLength;
        Write(ValidConfig().Replace("services:\n", "services:\n" + ServiceCycle(10_000), StringComparison.Ordinal));
        hale.Signal(1);
        await WaitForStderrFromAsync(hale, offset, "Reload rejected: ");

        Assert.False(hale.HasExited, hale.Stderr);
        Assert.Contains("nest deeper than 32 (reference_depth)", stderr, StringComparison.Ordinal);
        Assert.Contains("dependency cycle", hale.StderrFrom(offset), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await UpStatusAsync());
        await StopAsync(hale);
    }

    [Fact]
    public async Task Check_ServiceDependsOnCheckOfItself_Exit2NamingTheCycle()
    {
        var config = Write(ValidConfig().Replace("services:\n", "services:\n  looped: { run: \"exec sleep 1\", depends_on: [loop] }\n", StringComparison.Ordinal)
            + "  loop: { service: looped }\n");

        var (code, _, stderr) = await HaleProcess.RunAsync("check", "-c", config);

        Assert.Equal(2, code);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(config)}:\d+:\d+: dependency cycle: service looped -> check loop -> service looped", stderr);
    }

    private string ValidConfig(string httpExtra = "") => $$"""
        http:
          listen: "127.0.0.1:{{_port}}"
        {{httpExtra}}state_dir: ./state
        services:
          child:
            run: "exec {{ChildCommand}}"
        checks:
          up: { service: child }

        """;

    /// <summary>c0: { not: c1 }, … under the existing <c>checks:</c>.</summary>
    private static string NotChain(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => i + 1 < length ? $"  c{i}: {{ not: c{i + 1} }}\n" : $"  c{i}: {{ not: up }}\n"));

    /// <summary>s0 depends on s1, …, the last one on s0: 10,000 services in one cycle (rejected, so nothing starts).</summary>
    private static string ServiceCycle(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => $"  s{i}: {{ run: \"exec sleep 1\", depends_on: [s{(i + 1) % length}] }}\n"));

    /// <summary>Sends GET /up and reads the status line; null when the server closed the connection without answering.</summary>
    private static async Task<string?> RequestAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /up HTTP/1.1\r\nHost: hale\r\n\r\n"), SocketFlags.None, timeout.Token);
            var received = new StringBuilder();
            var buffer = new byte[1024];
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0)
                {
                    return null;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            return received.ToString().Split("\r\n")[0];
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static async Task WaitForStderrFromAsync(HaleProcess hale, int offset, string text)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!hale.StderrFrom(offset).Contains(text, StringComparison.Ordinal))
        {
            Assert.False(hale.HasExited, hale.Stderr);
            Assert.True(TimeProvider.System.GetElapsedTime(start) < Deadline, $"'{text}' not seen:\n{hale.StderrFrom(offset)}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private async Task<HaleProcess> StartAsync(string config)
    {
        var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service child is now Ready", Deadline);
        return hale;
    }

    private static async Task StopAsync(HaleProcess hale)
    {
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(Deadline));
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>GET /up, retried until it answers 200 or the deadline passes.</summary>
    private async Task<HttpStatusCode> UpStatusAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var start = TimeProvider.System.GetTimestamp();
        HttpStatusCode last = 0;
        do
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{_port}/up");
                last = response.StatusCode;
                if (last == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
        while (TimeProvider.System.GetElapsedTime(start) < Deadline);

        return last;
    }
}
