using System.Net;
using System.Text.Json;
using Hale.Config;
using Hale.Testing;
using Hale.Testing.Fuzz;

namespace Hale.Cli.Tests;

/// <summary>
/// No exception escapes a load or a reload, through the real <c>hale</c>: a YAML typo is <c>FILE:LINE:COL</c> and exit 2
/// for <c>hale check</c>, and a running daemon survives any file on SIGHUP (the fuzz corpus) with its child and its HTTP.
/// </summary>
public sealed class ReloadRobustnessTests : IDisposable
{
    /// <summary>The child's command line, distinct from other tests' so that Dispose kills only this test's leftovers.</summary>
    private const string ChildCommand = "sleep 3017";

    private const string Rejected = "Reload rejected: ";

    private const string Reloaded = "Reloaded ";

    /// <summary>How long a condition may take on a loaded machine before the test gives up.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An unclosed '{' followed by another top-level key: YamlDotNet's scanner throws InvalidOperationException, which
    /// printed a stack trace (exit 1) and killed a daemon on SIGHUP.
    /// </summary>
    private const string UnclosedBraceTypo = "  up: { service: child\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("hale-reload-").FullName;
    private readonly int _port = Loopback.FreePort();

    public void Dispose()
    {
        OwnedLeftovers.KillUnder(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Check_UnclosedBrace_Exit2WithFileLineColumnAndNoStackTrace()
    {
        var config = Write(ValidConfig().Replace("  up: { service: child }\n", UnclosedBraceTypo, StringComparison.Ordinal));

        var (code, _, stderr) = await HaleProcess.RunAsync("check", "-c", config);

        Assert.Equal(2, code);
        Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(config)}:\d+:\d+: YAML syntax error", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
    }

    [Fact]
    public async Task SigHup_UnclosedBrace_DaemonKeepsItsChildAndServesAndLogsTheError()
    {
        var config = Write(ValidConfig());
        using var hale = await StartAsync(config);
        var pid = await ChildPidAsync();

        Write(ValidConfig().Replace("  up: { service: child }\n", UnclosedBraceTypo, StringComparison.Ordinal));
        hale.Signal(1);
        var stderr = await hale.WaitForStderrAsync(Rejected, TimeSpan.FromSeconds(30));

        Assert.False(hale.HasExited, stderr);
        Assert.Matches($@"Reload error: {System.Text.RegularExpressions.Regex.Escape(config)}:\d+:\d+: YAML syntax error", stderr);
        Assert.Equal(pid, await ChildPidAsync());
        Assert.Equal(HttpStatusCode.OK, await UpStatusAsync());
        Assert.DoesNotContain("   at ", stderr);
        await StopAsync(hale);
    }

    /// <summary>
    /// Part 1: every file of the shared corpus's first 1,000 cases (mutations of examples and test files) that does not load
    /// (the others would start the examples' services on fixed ports): each is rejected, and the child keeps its PID. Part 2: mutations of the daemon's own file, loadable or not: some are applied (the child may be
    /// restarted, its check renamed); once the original is restored the daemon still runs its child and serves it.
    /// </summary>
    [Fact]
    public async Task SigHup_FuzzCorpus_DaemonSurvivesEveryFileAndKeepsServing()
    {
        var original = ValidConfig();
        var config = Write(original);
        var rejectedCorpus = YamlFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, 1_000)
            .Where(c => !Loads(c.Text, config))
            .ToList();
        var ownCorpus = YamlFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, 200, [new("reload-test.yaml", original)]);
        using var hale = await StartAsync(config);
        var pid = await ChildPidAsync();
        var offset = hale.StderrLength;

        foreach (var fuzz in rejectedCorpus)
        {
            (var outcome, offset) = await ReloadAsync(hale, config, fuzz, offset);
            Assert.True(outcome == Rejected, $"{fuzz} was not rejected:\n{hale.StderrFrom(Math.Max(0, offset - 2_000))}");
        }

        (var restored, offset) = await ReloadAsync(hale, config, new YamlFuzzCase(0, -1, "original", "none", original), offset);
        Assert.Equal(Reloaded, restored);
        Assert.True(rejectedCorpus.Count >= 500, $"only {rejectedCorpus.Count} rejected files");
        var pidAfter = await ChildPidAsync();
        Assert.True(pid == pidAfter, $"the child was {pid}, is {pidAfter}:\n{ServiceLines(hale.Stderr)}");
        Assert.Equal(HttpStatusCode.OK, await UpStatusAsync());

        var applied = 0;
        foreach (var fuzz in ownCorpus)
        {
            (var outcome, offset) = await ReloadAsync(hale, config, fuzz, offset);
            applied += outcome == Reloaded ? 1 : 0;
        }

        (restored, _) = await ReloadAsync(hale, config, new YamlFuzzCase(0, -1, "original", "none", original), offset);
        Assert.Equal(Reloaded, restored);
        Assert.True(applied > 0, "no mutation of the daemon's own file was applied: part 2 tested only rejections");
        Assert.Equal(HttpStatusCode.OK, await UpStatusAsync());
        Assert.True(await ChildPidAsync() > 0);
        await StopAsync(hale);
    }

    private static string ServiceLines(string stderr) =>
        string.Join('\n', stderr.Split('\n').Where(l => !l.Contains("Reload", StringComparison.Ordinal) && !l.Contains("SIGHUP", StringComparison.Ordinal)));

    private string ValidConfig() => $$"""
        http: { listen: "127.0.0.1:{{_port}}" }
        state_dir: ./state
        services:
          child:
            run: "exec {{ChildCommand}}"
        checks:
          up: { service: child }
          self: { tcp: { host: 127.0.0.1, port: {{_port}}, timeout: 1s } }

        """;

    private static bool Loads(string text, string path)
    {
        try
        {
            HaleConfigLoader.Parse(text, path);
            return true;
        }
        catch (ConfigException)
        {
            return false;
        }
    }

    /// <summary>Writes the case, sends SIGHUP, and waits for the reload's outcome line after <paramref name="offset"/> in stderr.</summary>
    private static async Task<(string Outcome, int Offset)> ReloadAsync(HaleProcess hale, string config, YamlFuzzCase fuzz, int offset)
    {
        await File.WriteAllTextAsync(config, fuzz.Text);
        hale.Signal(1);
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < Deadline)
        {
            var text = hale.StderrFrom(offset);
            var rejected = text.IndexOf(Rejected, StringComparison.Ordinal);
            var reloaded = text.IndexOf(Reloaded, StringComparison.Ordinal);
            if (rejected >= 0 || reloaded >= 0)
            {
                var (outcome, at) = rejected >= 0 && (reloaded < 0 || rejected < reloaded) ? (Rejected, rejected) : (Reloaded, reloaded);
                var end = text.IndexOf('\n', at);
                return (outcome, offset + (end < 0 ? text.Length : end + 1));
            }

            Assert.False(hale.HasExited, $"hale exited on {fuzz}:\n{hale.StderrFrom(Math.Max(0, offset - 2_000))}");
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        throw new TimeoutException($"no reload outcome for {fuzz}:\n{hale.StderrFrom(offset)}");
    }

    private async Task<HaleProcess> StartAsync(string config)
    {
        var hale = HaleProcess.Start("run", "-c", config);
        await hale.WaitForStderrAsync("Service child is now Ready", TimeSpan.FromSeconds(30));
        return hale;
    }

    private static async Task StopAsync(HaleProcess hale)
    {
        hale.Signal(15);
        Assert.Equal(0, await hale.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "hale.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>GET /up (the service's check), retried until it answers 200 or 30 seconds pass (a restarted child takes a moment).</summary>
    private async Task<HttpStatusCode> UpStatusAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var start = TimeProvider.System.GetTimestamp();
        HttpStatusCode last;
        do
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{_port}/up");
            last = response.StatusCode;
            if (last == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
        while (TimeProvider.System.GetElapsedTime(start) < Deadline);

        return last;
    }

    /// <summary>The child's PID from /-/status, once it is running.</summary>
    private async Task<int> ChildPidAsync()
    {
        using var client = new HttpClient();
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var json = await client.GetStringAsync($"http://127.0.0.1:{_port}/-/status");
            using var doc = JsonDocument.Parse(json);
            var child = doc.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "child");
            if (child.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number && pid.GetInt32() > 0)
            {
                return pid.GetInt32();
            }

            Assert.True(TimeProvider.System.GetElapsedTime(start) < Deadline, $"the child has no PID: {json}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }
}
