using System.Globalization;
using Hale.Testing;

namespace Hale.Cli.Tests.Importers;

/// <summary>
/// ha_valet's two-host example (seed README: Host_A with priority 1, Host_B with priority 2, both in one stand_by_list) as two
/// Hale nodes on one machine, each a real <c>hale</c> on its own host's file. The commands are the seed's with ssh replaced
/// by per-host state files: <c>HOST.up</c> holds the exit code the host's test_command returns (absent: 0, down), a start
/// writes the host's <c>HOST.prio</c> into it (unless <c>HOST.broken</c> exists), a stop removes it, and <c>HOST.hang</c>
/// makes the test hang. Every start and stop writes <c>NODE: start|stop HOST</c> to <c>actions.log</c>: who did what to whom.
/// </summary>
public sealed class ValetTwoHostTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-valet2-").FullName;
    private readonly List<HaleProcess> _hales = [];

    public ValetTwoHostTests()
    {
        File.WriteAllText(World("Host_A.prio"), "1\n");
        File.WriteAllText(World("Host_B.prio"), "2\n");
    }

    public void Dispose()
    {
        foreach (var hale in _hales)
        {
            hale.Dispose();
        }

        OwnedLeftovers.KillUnder(_dir);
        OwnedLeftovers.KillReferencing(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The seed's scenario with <c>hale valet -f</c> (5 s rounds): the primary starts at once, the standby does not;
    /// the primary's instance dies and cannot be started, so the standby starts after its wait (5 s × 2); when the primary's
    /// instance is up again both are up and the worse one (Host_B, which returns 2) is stopped.</summary>
    [Fact]
    public async Task Valet_TwoHosts_PrimaryStartsStandbyTakesOverThenYieldsWhenThePrimaryIsBack()
    {
        StartValet("Host_A", 1);
        StartValet("Host_B", 2);

        await WaitUntilAsync(() => Up("Host_A"));
        Assert.DoesNotContain("start Host_B", Actions(), StringComparison.Ordinal);

        File.WriteAllText(World("Host_A.broken"), string.Empty);
        File.Delete(World("Host_A.up"));
        await WaitUntilAsync(() => Up("Host_B"));
        Assert.Contains("Host_B: start Host_B\n", Actions(), StringComparison.Ordinal);
        Assert.False(Up("Host_A"));

        // Nothing starts the primary while the standby is up (ha_valet has no fail-back); when its instance is up again (here
        // started by hand, returning 1) both are up and the higher number, Host_B's 2, is stopped.
        File.Delete(World("Host_A.broken"));
        File.WriteAllText(World("Host_A.up"), "1\n");
        await WaitUntilAsync(() => !Up("Host_B"));
        Assert.True(Up("Host_A"));

        var lines = ActionLines();
        Assert.Contains(lines, l => l.EndsWith(": stop Host_B", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.EndsWith(": stop Host_A", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Contains(": start ", StringComparison.Ordinal)), l => Assert.True(
            l is "Host_A: start Host_A" or "Host_B: start Host_B", $"each node starts only its own instance: {l}"));
        Assert.Equal("Host_B: start Host_B", Assert.Single(lines, l => l.StartsWith("Host_B: start", StringComparison.Ordinal)));
    }

    /// <summary>The tie-break, 255 and a timeout, on the converted files with 200 ms rounds and a 1 s command timeout
    /// (<c>hale run -c</c>).</summary>
    [Fact]
    public async Task Run_TwoHosts_TieStopsTheWorseConfiguredPriority_255AndTimeoutAreDown()
    {
        // Both up returning 1: the tie goes to the better configured priority (Host_A's 1); never both stopped.
        File.WriteAllText(World("Host_A.up"), "1\n");
        File.WriteAllText(World("Host_B.up"), "1\n");
        var a = await StartConvertedAsync("Host_A", 1);
        await StartConvertedAsync("Host_B", 2);
        await WaitUntilAsync(() => !Up("Host_B"));
        Assert.True(Up("Host_A"));
        Assert.DoesNotContain(ActionLines(), l => l.EndsWith(": stop Host_A", StringComparison.Ordinal));

        // Host_A's test exits 255 (ssh could not connect): down, and not to be started; Host_B's node starts its own.
        File.WriteAllText(World("Host_A.up"), "255\n");
        await WaitUntilAsync(() => Up("Host_B"));
        Assert.DoesNotContain("Host_A: start Host_A", Actions(), StringComparison.Ordinal);

        // Host_A reachable but down while Host_B is up: nothing to do (no fail-back without both up). Host_A's node must have
        // seen Host_B up first: a round that probed Host_B just before its start and Host_A just after this delete would see
        // nothing up and rightly start the primary (more likely on a loaded machine, where a round takes longer).
        await a.WaitForStderrAsync("Host_B is active (priority 2)", Deadline);
        File.Delete(World("Host_A.up"));
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        Assert.False(Up("Host_A"));

        // Host_B's test hangs past the timeout: down; the primary starts at once. When Host_B answers again (2), both are up
        // and Host_B is stopped.
        var before = ActionLines().Count;
        File.WriteAllText(World("Host_B.hang"), string.Empty);
        await WaitUntilAsync(() => Up("Host_A"));
        File.Delete(World("Host_B.hang"));
        await WaitUntilAsync(() => !Up("Host_B"));

        var lines = ActionLines().Skip(before).ToList();
        Assert.Contains("Host_A: start Host_A", lines);
        Assert.Contains(lines, l => l.EndsWith(": stop Host_B", StringComparison.Ordinal));
        Assert.DoesNotContain(ActionLines(), l => l.EndsWith(": stop Host_A", StringComparison.Ordinal));
    }

    /// <summary>ha_valet's flapping limit: an instance that never comes up is started 11 times (more than 10, each within
    /// 150 s of the previous), then its group is held with a critical line and no more starts, on each node.</summary>
    [Fact]
    public async Task Run_TwoHostsWhoseInstancesNeverComeUp_EachNodeHoldsAfterElevenStarts()
    {
        File.WriteAllText(World("Host_A.broken"), string.Empty);
        File.WriteAllText(World("Host_B.broken"), string.Empty);
        var a = await StartConvertedAsync("Host_A", 1);
        var b = await StartConvertedAsync("Host_B", 2);

        await a.WaitForStderrAsync("group 'Ostro' held", Deadline);
        await b.WaitForStderrAsync("group 'Ostro' held", Deadline);
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System); // ten more rounds of Host_A's

        var lines = ActionLines();
        Assert.Equal(11, lines.Count(l => l == "Host_A: start Host_A"));
        Assert.Equal(11, lines.Count(l => l == "Host_B: start Host_B"));
        Assert.Equal(22, lines.Count);
        Assert.Contains("crit: ", a.Stderr + b.Stderr, StringComparison.Ordinal);
    }

    /// <summary><c>hale valet --log-dir</c>: ha_valet's log per process, each process's lines in its own file.</summary>
    [Fact]
    public async Task Valet_LogDirectory_WritesEachProcesssLinesToItsOwnFile()
    {
        var text = Valet("Host_A", 1) + $"""
            :Allegro
                host = Host_A
                user = stack
                port = 8090
                protocol = http
                start_command="echo 'Host_A: start Allegro' >> {_dir}/actions.log; touch {_dir}/allegro.up"
                stop_command="rm -f {_dir}/allegro.up"
                test_command="[ -e {_dir}/allegro.up ] && exit 1; exit 0"

            """;
        var logs = Path.Combine(_dir, "logs");
        _hales.Add(HaleProcess.Start("valet", "-f", Write("Host_A", "ha_valet.cfg", text), "--log-dir", logs));

        await WaitUntilAsync(() => Up("Host_A") && File.Exists(World("allegro.up")));
        await WaitUntilAsync(() => Contains(Path.Combine(logs, "Ostro.log"), "Group Ostro: start Host_A")
            && Contains(Path.Combine(logs, "Allegro.log"), "Service Allegro started"));

        Assert.DoesNotContain("Allegro", File.ReadAllText(Path.Combine(logs, "Ostro.log")), StringComparison.Ordinal);
        Assert.DoesNotContain("Ostro", File.ReadAllText(Path.Combine(logs, "Allegro.log")), StringComparison.Ordinal);
        Assert.Equal(["Allegro.log", "Ostro.log"], Directory.GetFiles(logs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static bool Contains(string path, string text) => File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal);

    /// <summary>The seed's section for <paramref name="host"/>, its commands on state files instead of ssh.</summary>
    private string Valet(string host, int priority) => $"""
        # ha_valet's README example for {host}, ssh replaced by state files in {_dir}.
        :Ostro
            host = {host}
            stand_by_list = Host_A,Host_B
            user = stack
            port = 8091
            protocol = http
            priority = {priority.ToString(CultureInfo.InvariantCulture)}
            start_command="echo '{host}: start %s' >> {_dir}/actions.log; [ -e {_dir}/%s.broken ] || cat {_dir}/%s.prio > {_dir}/%s.up" % (host, host, host, host)
            stop_command="echo '{host}: stop %s' >> {_dir}/actions.log; rm -f {_dir}/%s.up" % (host, host)
            test_command="[ -e {_dir}/%s.hang ] && sleep 30; exit $(cat {_dir}/%s.up 2>/dev/null || echo 0)" % (host, host)

        """;

    private string Write(string host, string name, string text)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, host)).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private void StartValet(string host, int priority) =>
        _hales.Add(HaleProcess.Start("valet", "-f", Write(host, "ha_valet.cfg", Valet(host, priority))));

    /// <summary><c>hale convert</c>'s output for the host's file, with 200 ms rounds and a 1 s command timeout, run by <c>hale run -c</c>.</summary>
    private async Task<HaleProcess> StartConvertedAsync(string host, int priority)
    {
        var (code, yaml, stderr) = await HaleProcess.RunAsync("convert", "-c", Write(host, "ha_valet.cfg", Valet(host, priority)));
        Assert.True(code == 0, stderr);
        const string Round = "    interval: 5s   # ha_valet's round\n";
        Assert.Contains(Round, yaml, StringComparison.Ordinal);
        var fast = yaml.Replace(Round, "    interval: 200ms\n    timeout: 1s\n", StringComparison.Ordinal);
        var hale = HaleProcess.Start("run", "-c", Write(host, "hale.yaml", fast));
        _hales.Add(hale);
        return hale;
    }

    private string World(string name) => Path.Combine(_dir, name);

    private bool Up(string host) => File.Exists(World(host + ".up"));

    private string Actions() => File.Exists(World("actions.log")) ? File.ReadAllText(World("actions.log")) : string.Empty;

    private List<string> ActionLines() => [.. Actions().Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) >= Deadline || _hales.Any(h => h.HasExited))
            {
                Assert.Fail("condition not met in time; actions:\n" + Actions() + "\n---\n"
                    + string.Join("\n---\n", _hales.Select(h => h.Stderr[Math.Max(0, h.Stderr.Length - 6000)..])));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }
}
