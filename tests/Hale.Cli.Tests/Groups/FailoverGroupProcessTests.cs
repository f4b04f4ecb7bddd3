using System.Globalization;
using Hale.Testing;
using Hale.Testing.Peers;

namespace Hale.Cli.Tests;

/// <summary>
/// <c>coordinator: etcd</c> groups through three real <c>hale</c> processes against a real 3-member etcd cluster on loopback.
/// The group's service, while it runs, holds <c>flock -n</c> on one shared lock file and records a violation when it cannot:
/// an outside observer of "two actives" that needs no clock. Every scenario ends with zero violations.
/// </summary>
public sealed class FailoverGroupProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-group-").FullName;
    private readonly List<HaleProcess> _hales = [];
    private readonly int[] _ports = new int[3];
    private RealEtcdCluster? _etcd;

    private RealEtcdCluster Etcd => _etcd!;

    private string Violations => Path.Combine(_dir, "violations");

    public async Task InitializeAsync()
    {
        _etcd = await RealEtcdCluster.StartAsync();
        for (var i = 0; i < _ports.Length; i++)
        {
            _ports[i] = Loopback.FreePort(); // after etcd took its ports
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var hale in _hales)
        {
            hale.Signal(18); // SIGCONT: a stopped Hale cannot be stopped otherwise
            hale.Dispose();
        }

        OwnedLeftovers.KillUnder(_dir);
        OwnedLeftovers.KillReferencing(_dir);
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Start_ThreeMembersAtOnce_TheBestLeadsAndTheOthersStandBy()
    {
        for (var i = 2; i >= 0; i--)
        {
            _hales.Add(HaleProcess.Start("run", "-c", Write(i, preempt: false)));
        }

        await WaitForActiveAsync(0);
        await WaitUntilAsync(async () => await RoleAsync(1) == 503 && await RoleAsync(2) == 503);

        var token = long.Parse(File.ReadAllText(ActiveFile(0)).Trim(), CultureInfo.InvariantCulture);
        Assert.True(token > 0);
        AssertNoViolation();
    }

    [Fact]
    public async Task SigkillOfLeadersHale_NextBestPromotes_NoTwoActives()
    {
        await StartAllAsync(preempt: false);
        var firstToken = Token(0);

        _hales[0].Signal(9);
        await WaitForActiveAsync(1);

        Assert.True(Token(1) > firstToken, "the new leader's fencing token is greater");
        Assert.Equal(503, await RoleAsync(2));
        AssertNoViolation();
    }

    [Fact]
    public async Task LeaderUnhealthy_HandsOver_AndPreemptsBackWhenHealthyAgain()
    {
        await StartAllAsync(preempt: true);

        File.WriteAllText(Sick(0), string.Empty);
        await WaitForActiveAsync(1);
        Assert.Equal(503, await RoleAsync(0));

        File.Delete(Sick(0));
        await WaitForActiveAsync(0);
        Assert.Equal(503, await RoleAsync(1));
        Assert.Contains("preempted by n1", _hales[1].Stderr, StringComparison.Ordinal);
        AssertNoViolation();
    }

    [Fact]
    public async Task LeaderFrozen_IsFencedAndReplaced_AndFindsItselfDemotedWhenThawed()
    {
        await StartAllAsync(preempt: false);

        _hales[0].Signal(19); // SIGSTOP
        await WaitForActiveAsync(1);
        _hales[0].Signal(18); // SIGCONT

        await WaitUntilAsync(async () => await RoleAsync(0) == 503);
        await WaitUntilAsync(() => Task.FromResult(_hales[0].Stderr.Contains("fence", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(200, await RoleAsync(1));
        AssertNoViolation();
    }

    [Fact]
    public async Task EtcdLost_LeaderDemotesItself_AndNobodyIsActive()
    {
        await StartAllAsync(preempt: false);

        await Etcd.StopAllAsync();

        await WaitUntilAsync(async () => await RoleAsync(0) == 503 && await LockIsFreeAsync());
        Assert.Equal(503, await RoleAsync(1));
        Assert.Equal(503, await RoleAsync(2));
        AssertNoViolation();
    }

    [Fact]
    public async Task OneEtcdMemberKilled_LeaderStays()
    {
        await StartAllAsync(preempt: false);
        var token = Token(0);

        await Etcd.KillMemberAsync(await Etcd.LeaderIndexAsync());
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            Assert.Equal(200, await RoleAsync(0));
        }

        Assert.Equal(token, Token(0));
        Assert.DoesNotContain("demotes", _hales[0].Stderr, StringComparison.Ordinal);
        AssertNoViolation();
    }

    /// <summary>Starts n1 and waits until it leads, then n2 and n3: who leads does not depend on how fast each Hale starts.</summary>
    private async Task StartAllAsync(bool preempt)
    {
        _hales.Add(HaleProcess.Start("run", "-c", Write(0, preempt)));
        await WaitForActiveAsync(0);
        for (var i = 1; i < 3; i++)
        {
            _hales.Add(HaleProcess.Start("run", "-c", Write(i, preempt)));
        }

        await WaitUntilAsync(async () => await RoleAsync(1) == 503 && await RoleAsync(2) == 503);
    }

    private string Write(int i, bool preempt)
    {
        var node = $"n{i + 1}";
        var dir = Path.Combine(_dir, node);
        Directory.CreateDirectory(dir);
        var endpoints = string.Join(", ", Etcd.Endpoints.Select(u => u.ToString().TrimEnd('/')));
        var lockFile = Path.Combine(_dir, "active.lock");
        var active = ActiveFile(i);
        // While it runs, the service holds the shared lock; when it cannot get it, another member is active: a violation.
        var service = $"flock -n {lockFile} sh -c 'echo $HALE_FENCING_TOKEN > {active}; trap \"rm -f {active}\" TERM; sleep 1000 & wait' || echo {node} >> {Violations}";
        var yaml = $$"""
            node: {{node}}
            http: { listen: "127.0.0.1:{{_ports[i]}}" }
            state_dir: {{Path.Combine(dir, "state")}}
            check_every: 100ms
            etcd: { endpoints: [{{endpoints}}], prefix: /test/, lease_ttl: 2s }
            checks:
              ok: { command: "test ! -e {{Sick(i)}}" }
            services:
              app:
                run: ["/bin/sh", "-c", "{{service.Replace("\"", "\\\"", StringComparison.Ordinal)}}"]
                stop: { timeout: 2s }
            groups:
              db:
                coordinator: etcd
                priority: {{i + 1}}
                service: app
                healthy: ok
                preempt: { enabled: {{(preempt ? "true" : "false")}}, delay: 1s }
            """;
        var path = Path.Combine(dir, "hale.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private string ActiveFile(int i) => Path.Combine(_dir, $"active-n{i + 1}");

    private string Sick(int i) => Path.Combine(_dir, $"sick-n{i + 1}");

    private long Token(int i) => long.Parse(File.ReadAllText(ActiveFile(i)).Trim(), CultureInfo.InvariantCulture);

    private async Task WaitForActiveAsync(int i) =>
        await WaitUntilAsync(async () => await RoleAsync(i) == 200 && File.Exists(ActiveFile(i)) && File.ReadAllText(ActiveFile(i)).Trim().Length > 0);

    /// <summary>Whether no service holds the shared lock (none is active anywhere).</summary>
    private async Task<bool> LockIsFreeAsync()
    {
        using var probe = System.Diagnostics.Process.Start("flock", ["-n", Path.Combine(_dir, "active.lock"), "true"])!;
        await probe.WaitForExitAsync();
        return probe.ExitCode == 0;
    }

    private void AssertNoViolation() =>
        Assert.False(File.Exists(Violations), File.Exists(Violations) ? "two actives: " + File.ReadAllText(Violations) : string.Empty);

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) >= Deadline)
            {
                Assert.Fail("condition not met in time; logs:\n" + string.Join("\n---\n", _hales.Select(h => h.Stderr[Math.Max(0, h.Stderr.Length - 6000)..])));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private async Task<int> RoleAsync(int i)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{_ports[i]}/db"));
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
