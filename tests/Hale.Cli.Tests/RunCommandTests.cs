using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Hale.Cli.Tests;

public sealed partial class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_ServesChecksThenExits0OnSigterm()
    {
        var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var port = ((IPEndPoint)target.LocalEndpoint).Port;
        var config = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(config, $"""
            http: {"{"} listen: 127.0.0.1:0 {"}"}
            checks:
              up: {"{"} tcp: {"{"} host: 127.0.0.1, port: {port}, timeout: 2s {"}"} {"}"}
              down: {"{"} not: up {"}"}
              hidden: {"{"} tcp: {"{"} host: 127.0.0.1, port: {port} {"}"}, serve: false {"}"}
            """);
        using var hale = HaleProcess.Start("run", "-c", config);

        var stderr = await hale.WaitForStderrAsync("Serving", TimeSpan.FromSeconds(30));
        var url = ListeningUrl().Match(stderr).Value;
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        var up = await client.GetAsync("/up");
        var down = await client.GetAsync("/down");
        var hidden = await client.GetAsync("/hidden");
        hale.Signal(15);
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(20));
        target.Stop();

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(0, code);
        Assert.Contains("Stopping", hale.Stderr);
    }

    [Fact]
    public async Task Run_AddressInUse_Exit1WithMessage()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var config = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(config, $"http: {{ listen: 127.0.0.1:{port} }}\nchecks:\n  a: {{ command: \"true\" }}\n");

        var (code, _, stderr) = await HaleProcess.RunAsync("run", "-c", config);

        Assert.Equal(1, code);
        Assert.Contains("cannot listen", stderr);
    }

    [Fact]
    public async Task Run_BadConfig_Exit2WithoutStackTrace()
    {
        var config = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(config, "checks:\n  a: { tcp: { host: x, port: 1, timeout: soon } }\n");

        var (code, _, stderr) = await HaleProcess.RunAsync("run", "-c", config);

        Assert.Equal(2, code);
        Assert.Contains($"{config}:2:", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningUrl();
}
