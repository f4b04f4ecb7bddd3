using Hale.Failover;
using Hale.Testing;

namespace Hale.Tests.Failover;

public sealed class ValetProberTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-valet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ProbeAsync_ExitCodes_MapToPriorities()
    {
        // Each host's "instance" is a state file holding the exit code its test returns, as the tests do without ssh.
        var codes = new Dictionary<string, int> { ["host-a"] = 0, ["host-b"] = 2, ["host-c"] = 255, ["host-d"] = 1 };
        foreach (var (host, code) in codes)
        {
            await File.WriteAllTextAsync(Path.Combine(_dir, host), $"{code}\n");
        }

        var members = codes.Keys.Select((h, i) => new FailoverMember(h, i + 1)).ToList();
        var template = $"sh -c 'exit $(cat {_dir}/{{host}})'";

        var results = await ValetProber.ProbeAsync(members, template, user: null, TimeSpan.FromSeconds(20), TimeProvider.System);

        Assert.Equal(ValetProbeKind.Down, results["host-a"].Kind);
        Assert.Equal((ValetProbeKind.Up, (int?)2), (results["host-b"].Kind, results["host-b"].Priority));
        Assert.Equal(ValetProbeKind.Unreachable, results["HOST-C"].Kind);
        Assert.Equal((ValetProbeKind.Up, (int?)1), (results["host-d"].Kind, results["host-d"].Priority));
    }

    [Fact]
    public async Task ProbeAsync_UserAndHost_BoundPerMember()
    {
        var members = FailoverMember.FromStandByList(["h1", "h2"]);
        var template = $"echo {{user}}@{{host}} > {_dir}/{{host}}.seen; exit 1";

        var results = await ValetProber.ProbeAsync(members, template, "stack", TimeSpan.FromSeconds(20), TimeProvider.System);

        Assert.All(results.Values, r => Assert.True(r.IsUp));
        Assert.Equal("stack@h1", (await File.ReadAllTextAsync(Path.Combine(_dir, "h1.seen"))).Trim());
        Assert.Equal("stack@h2", (await File.ReadAllTextAsync(Path.Combine(_dir, "h2.seen"))).Trim());
    }

    [Fact]
    public async Task ProbeAsync_Timeout_DownAndProcessGroupKilledOthersStillAnswer()
    {
        var pidFile = Path.Combine(_dir, "slow.pid");
        var members = FailoverMember.FromStandByList(["slow", "fast"]);
        var template = $"if [ {{host}} = slow ]; then sleep 60 & echo $! > {pidFile}; wait; fi; exit 3";

        var results = await ValetProber.ProbeAsync(members, template, null, TimeSpan.FromMilliseconds(1500), TimeProvider.System);
        var grandchild = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(ValetProbeKind.TimedOut, results["slow"].Kind);
        Assert.False(results["slow"].IsUp);
        Assert.Equal((ValetProbeKind.Up, (int?)3), (results["fast"].Kind, results["fast"].Priority));
        Assert.True(await ProcessWaits.GoneAsync(grandchild), $"grandchild {grandchild} still alive");
    }

    [Fact]
    public async Task ProbeAsync_MembersRunConcurrently()
    {
        // Each test waits until every member's test has started: only a concurrent run can finish before the timeout.
        var members = FailoverMember.FromStandByList(["m1", "m2", "m3"]);
        var template = $"touch {_dir}/{{host}}.started; " +
            $"while [ $(ls {_dir} | grep -c started) -lt 3 ]; do sleep 0.05; done; exit 1";

        var results = await ValetProber.ProbeAsync(members, template, null, TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.All(results.Values, r => Assert.Equal(ValetProbeKind.Up, r.Kind));
    }

    [Fact]
    public async Task ProbeAsync_UnsafeHost_ThrowsBeforeRunningAnything()
    {
        var marker = Path.Combine(_dir, "ran");
        var members = new[] { new FailoverMember("ok", 1), new FailoverMember("bad;x", 2) };

        await Assert.ThrowsAsync<ArgumentException>(() => ValetProber.ProbeAsync(members, $"touch {marker}; exit 1", null, TimeSpan.FromSeconds(5), TimeProvider.System));

        Assert.False(File.Exists(marker));
    }
}
