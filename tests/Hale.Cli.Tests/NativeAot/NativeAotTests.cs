using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hale.Testing;

namespace Hale.Cli.Tests.NativeAot;

/// <summary>
/// The published NativeAOT <c>hale</c> itself (not hale.dll), on the paths where only AOT fails (trimmed metadata,
/// reflection): the example configuration checked and run, its HTTP endpoints, <c>hale status</c>, <c>hale ctl</c>,
/// <c>hale explain</c>, authenticated POSTs, SIGHUP, SIGTERM, and an importer. Skipped unless <c>HALE_AOT_TESTS=1</c>.
/// </summary>
public sealed class NativeAotTests(NativeAotFixture aot) : IClassFixture<NativeAotFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-aot-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [AotFact]
    public void Binary_Published_IsNativeWithoutTheDotnetHost()
    {
        var bytes = File.ReadAllBytes(aot.Binary);

        Assert.Equal("\u007fELF"u8.ToArray(), bytes[..4]);
        // An apphost (framework-dependent or single-file) loads the runtime through libhostfxr.so; a NativeAOT binary is the runtime.
        Assert.Equal(-1, bytes.AsSpan().IndexOf("libhostfxr"u8));
    }

    [AotFact]
    public async Task Version_AotBinary_PrintsTheVersion()
    {
        var (code, stdout, stderr) = await RunAsync("--version");

        Assert.True(code == 0, stderr);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
    }

    [AotFact]
    public async Task Check_ExampleConfigs_Exit0()
    {
        foreach (var example in new[] { "hale.yaml", "failover.yaml" })
        {
            var (code, stdout, stderr) = await RunAsync("check", "-c", Path.Combine(AppContext.BaseDirectory, "examples", example));

            Assert.True(code == 0, stderr);
            Assert.Contains(": OK (", stdout, StringComparison.Ordinal);
        }
    }

    [AotFact]
    public async Task Check_BrokenFile_Exit2WithEveryErrorAsFileLineColumn()
    {
        var path = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(path, "checks:\n  a:\n    tcp: { host: 127.0.0.1, port: 70000 }\n  b: { all: [a, nowhere] }\n");

        var (code, _, stderr) = await RunAsync("check", "-c", path);

        Assert.Equal(2, code);
        Assert.Contains($"{path}:3:", stderr, StringComparison.Ordinal);
        Assert.Contains($"{path}:4:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [AotFact]
    public async Task Convert_ValetFile_PrintsNativeYamlThatChecks()
    {
        var (code, stdout, stderr) = await RunAsync("convert", "-c", Path.Combine(AppContext.BaseDirectory, "fixtures", "valet", "ha_valet.host_a.cfg"));
        var converted = Path.Combine(_dir, "converted.yaml");
        File.WriteAllText(converted, stdout);
        var (checkCode, checkOut, checkErr) = await RunAsync("check", "-c", converted, "--format", "hale");

        Assert.True(code == 0, stderr);
        Assert.Contains("coordinator: local", stdout, StringComparison.Ordinal);
        Assert.True(checkCode == 0, checkErr);
        Assert.Contains(": OK (", checkOut, StringComparison.Ordinal);
    }

    [AotFact]
    public async Task Run_ExampleConfig_ServesAnswersStatusCtlAndReloadThenExits0OnSigterm()
    {
        var port = Loopback.FreePort();
        var config = CopyExample(port, Loopback.FreePort());
        using var hale = HaleProcess.StartExecutable(aot.Binary, new Dictionary<string, string>(), "run", "-c", config);
        await hale.WaitForStderrAsync("Serving", Patience);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var firstPid = await WaitForReadyPidAsync(client, notPid: 0);

        var self = await client.GetAsync("/self");
        var (statusCode, statusOut, statusErr) = await RunAsync("status", "-c", config);
        var (explainCode, explainOut, explainErr) = await RunAsync("explain", "web", "-c", config);
        var denied = await PostAsync(client, "/web-failback", "operator:wrong");
        var released = await PostAsync(client, "/web-failback", "operator:change-me");
        var (ctlCode, ctlOut, ctlErr) = await RunAsync("ctl", "restart", "webapp", "-c", config);
        var secondPid = await WaitForReadyPidAsync(client, notPid: firstPid);
        hale.Signal(1);
        await hale.WaitForStderrAsync("Reloaded", Patience);
        hale.Signal(15);
        var code = await hale.WaitForExitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.True(statusCode == 0, statusErr);
        Assert.Matches(@"webapp\s+READY\s+\d+", statusOut);
        Assert.True(explainCode == 0, explainErr);
        Assert.Contains("check web:", explainOut, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.True(ctlCode == 0, ctlErr);
        Assert.Equal("webapp: started", ctlOut.Trim()); // as supervisorctl: it waits for the outcome
        Assert.NotEqual(firstPid, secondPid);
        Assert.Equal(0, code);
        Assert.True(await ProcessWaits.GoneAsync(secondPid), $"the service (pid {secondPid}) outlived hale");
        Assert.DoesNotContain("Exception", hale.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Waits until /webapp answers 200 with a pid other than <paramref name="notPid"/> in /-/status; returns that pid.</summary>
    private static async Task<int> WaitForReadyPidAsync(HttpClient client, int notPid)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            using var ready = await client.GetAsync("/webapp", deadline.Token);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                using var status = JsonDocument.Parse(await client.GetStringAsync("/-/status", deadline.Token));
                var webapp = status.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "webapp");
                if (webapp.GetProperty("pid") is { ValueKind: JsonValueKind.Number } pid && pid.GetInt32() != notPid)
                {
                    return pid.GetInt32();
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return await client.SendAsync(request);
    }

    /// <summary>examples/hale.yaml and its htpasswd file in the test's folder, on the given ports instead of 8080 and 8081.</summary>
    private string CopyExample(int port, int webPort)
    {
        var examples = Path.Combine(AppContext.BaseDirectory, "examples");
        File.Copy(Path.Combine(examples, "healthcheck_users"), Path.Combine(_dir, "healthcheck_users"));
        var text = File.ReadAllText(Path.Combine(examples, "hale.yaml"))
            .Replace("8080", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("8081", webPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var config = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(config, text);
        return config;
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        using var hale = HaleProcess.StartExecutable(aot.Binary, new Dictionary<string, string>(), arguments);
        var code = await hale.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, hale.Stdout, hale.Stderr);
    }
}
