using System.Globalization;

namespace Hale.Cli.Tests.Groups;

/// <summary>
/// More faults of a <c>coordinator: etcd</c> group through three real <c>hale</c> processes on a real 3-member etcd
/// (<see cref="HaleGroupCluster"/>): the leader's service killed under a live Hale, the promote/demote commands' order and
/// environment across a hand-over, and a clean stop (SIGTERM) of the leader's Hale. Zero violations of the shared <c>flock</c>.
/// </summary>
[Collection(FailoverGroupCollection.Name)]
public sealed class FailoverGroupFaultTests : IAsyncLifetime
{
    private HaleGroupCluster? _cluster;

    private HaleGroupCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await HaleGroupCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task LeadersServiceKilled_HaleAlive_LeaderResignsAndNextBestIsActive()
    {
        // n2 must still be a member when n1 resigns: with a 2 s lease (no longer the default), etcd under load once let n2's lease
        // expire at that moment, its member record went with it, and n3 rightly saw itself as the best.
        await Cluster.StartAllAsync();
        var firstToken = Cluster.Token(0);

        Cluster.KillService(0);
        await Cluster.WaitForActiveAsync(1);

        Assert.False(Cluster.Hale(0).HasExited);
        Assert.Contains("n1 resigns: resigning: the service failed", Cluster.Hale(0).Stderr, StringComparison.Ordinal);
        Assert.Equal(503, await Cluster.RoleAsync(0));
        Assert.Equal(503, await Cluster.RoleAsync(2));
        Assert.True(Cluster.Token(1) > firstToken, "the new leader's fencing token is greater");
        Cluster.AssertNoViolation();
    }

    [Fact]
    public async Task CtlStartOnAStandby_StartWithheld_NoSecondActive()
    {
        await Cluster.StartAllAsync();

        // An operator's start of a standby member's group service: withheld, it never runs beside the leader's.
        var (code, stdout, _) = await HaleProcess.RunAsync("ctl", "start", "app", "-c", Cluster.ConfigPath(1));
        await Cluster.Hale(1).WaitForStderrAsync("start withheld: n2 is not the active member of group db", HaleGroupCluster.Deadline);

        Assert.Equal((1, "app: ERROR (start withheld: n2 is not the active member of group db (no live lease))"), (code, stdout.Trim()));
        Assert.False(Cluster.ServiceEverStarted(1));
        Assert.Equal(503, await Cluster.RoleAsync(1));
        Assert.True(Cluster.ServiceRunning(0));
        Cluster.AssertNoViolation();
    }

    [Fact]
    public async Task LeadersHaleFrozenThenThawed_FencedServiceStaysDownAndTheOldLeaderStandsBy()
    {
        await Cluster.StartAllAsync();

        Cluster.Freeze(0);
        try
        {
            await Cluster.WaitForActiveAsync(1);
            Assert.False(Cluster.ServiceRunning(0), "the fence stopped the frozen leader's service before n2 promoted");
        }
        finally
        {
            Cluster.Thaw(0);
        }

        // Thawed: its supervisor sees the fenced service's exit; the restart is withheld, and the loop demotes.
        await Cluster.WaitUntilAsync(
            () => Task.FromResult(Cluster.Hale(0).Stderr.Contains("n1 demotes", StringComparison.Ordinal) || Cluster.Hale(0).Stderr.Contains("n1 resigns", StringComparison.Ordinal)),
            "n1 demotes");
        await Cluster.WaitUntilAsync(async () => await Cluster.RoleAsync(0) == 503, "n1 stands by");

        await Cluster.WaitUntilAsync(() => Task.FromResult(Cluster.Hale(0).Stderr.Contains("Fence of group db fired: ", StringComparison.Ordinal)), "n1 logs its fence's report");
        Assert.False(Cluster.ServiceRunning(0));
        Assert.Equal(200, await Cluster.RoleAsync(1));
        Cluster.AssertNoViolation();
    }

    [Fact]
    public async Task LeadersServiceCrashesRightAfterPromotion_LeaderResignsAndNextBestIsActive()
    {
        // The crash may come before any round of n1's saw the service run, and the supervisor restarts it at once: still a failure.
        Cluster.CrashOnNextStart(0);
        // n1 must lead first: the three start at once, and a member campaigns without a leader one TTL after its start. With 2 s,
        // n2's Hale up before n1's on a loaded machine led first and n1 never ran its service (as the cold-start test saw).
        var options = new GroupNodeOptions { LeaseTtl = "10s" };
        for (var i = 0; i < 3; i++)
        {
            Cluster.StartNode(i, options);
        }

        await Cluster.WaitForActiveAsync(1);

        Assert.Contains("n1 resigns: resigning: the service failed", Cluster.Hale(0).Stderr, StringComparison.Ordinal);
        Assert.Equal(503, await Cluster.RoleAsync(0));
        Assert.Equal(503, await Cluster.RoleAsync(2));
        Cluster.AssertNoViolation();
    }

    [Fact]
    public async Task ServiceHeldByItsStartLimit_MemberStandsAsideWhileHeld_OthersHandOverBetweenThemselves()
    {
        var options = new GroupNodeOptions();
        Cluster.StartNode(0, options with { StartLimit = 1 }); // n1's service starts once within 150 s; the next start is refused (held 5 min)
        await Cluster.WaitForActiveAsync(0);
        Cluster.StartNode(1, options);
        Cluster.StartNode(2, options);
        await Cluster.WaitUntilAsync(
            () => Task.FromResult(Cluster.Hale(1).Stderr.Contains("standby: n1 leads", StringComparison.Ordinal) && Cluster.Hale(2).Stderr.Contains("standby: n1 leads", StringComparison.Ordinal)),
            "n2 and n3 see n1 lead");
        await Cluster.WaitUntilAllSeeEachOtherAsync(); // n3 must know n2 as a better candidate, or it may take over first

        Cluster.KillService(0);
        await Cluster.WaitForActiveAsync(1);
        Cluster.KillService(1); // n1, best again, promotes; its start is refused (Fatal): it resigns and stands aside while held
        await Cluster.WaitUntilAsync(() => Task.FromResult(Cluster.Hale(0).Stderr.Contains("Service app is now Fatal", StringComparison.Ordinal)), "n1's service held");
        var next = await OneActiveAmongAsync(1, 2);
        Cluster.KillService(next); // the other of n2 and n3 leads next, never n1
        await Cluster.WaitForActiveAsync(3 - next);

        Assert.Equal(2, Cluster.Hale(0).Stderr.Split('\n').Count(l => l.Contains("n1 promotes", StringComparison.Ordinal)));
        Assert.Matches(@"stands aside for (29\d|300)(\.\d+)? s", Cluster.Hale(0).Stderr);
        Assert.Equal(503, await Cluster.RoleAsync(0));
        Cluster.AssertNoViolation();
    }

    [Fact]
    public async Task PromoteAndDemoteCommands_RunInOrderWithTokenGroupAndNode_TokenGrowsAcrossHandOver()
    {
        var log = Path.Combine(Cluster.Directory, "commands");
        string Command(string name) => $"echo {name} $HALE_FENCING_TOKEN $HALE_GROUP $HALE_NODE >> {log}";
        var options = new GroupNodeOptions
        {
            Promote = [Command("promote-1"), Command("promote-2")],
            Demote = [Command("demote-1"), Command("demote-2")],
            // Exactly six commands are asserted: Hale's default lease (5 s) is long enough that a loaded machine's late renewal
            // does not fence a leader (a second hand-over would add its own commands). The hand-over does not wait for it: n1 resigns.
        };
        await Cluster.StartAllAsync(options);
        await Cluster.WaitUntilAsync(() => Task.FromResult(Lines(log).Length == 2), "n1's two promote commands ran");

        Cluster.SetSick(0, true); // n1 resigns: its demote commands, then n2 leads and runs its promote commands
        await Cluster.WaitForActiveAsync(1);
        await Cluster.WaitUntilAsync(() => Task.FromResult(Lines(log).Length == 6), "n1's demote and n2's promote commands ran");

        var lines = Lines(log).Select(l => l.Split(' ')).ToArray();
        Assert.Equal(["promote-1", "promote-2", "demote-1", "demote-2", "promote-1", "promote-2"], lines.Select(l => l[0]));
        Assert.All(lines, l => Assert.Equal(4, l.Length));
        Assert.All(lines, l => Assert.Equal("db", l[2]));
        Assert.Equal(["n1", "n1", "n1", "n1", "n2", "n2"], lines.Select(l => l[3]));
        var first = long.Parse(lines[0][1], CultureInfo.InvariantCulture);
        var second = long.Parse(lines[4][1], CultureInfo.InvariantCulture);
        Assert.All(lines[..4], l => Assert.Equal(first, long.Parse(l[1], CultureInfo.InvariantCulture)));
        Assert.All(lines[4..], l => Assert.Equal(second, long.Parse(l[1], CultureInfo.InvariantCulture)));
        Assert.True(second > first, $"the fencing token grows across the hand-over ({first} then {second})");
        Assert.Equal(second, Cluster.Token(1)); // the service saw the token the commands saw
        Cluster.AssertNoViolation();
    }

    [Fact]
    public async Task SigtermOfLeadersHale_DemotesAndResigns_NextIsActiveWithoutWaitingForTheLease()
    {
        await Cluster.StartAllAsync();

        await Cluster.TerminateAsync(0);
        await Cluster.WaitForActiveAsync(1);

        Assert.Equal(0, await Cluster.Hale(0).WaitForExitAsync(HaleGroupCluster.Deadline));
        Assert.Contains("n1 resigns: Hale is stopping", Cluster.Hale(0).Stderr, StringComparison.Ordinal);
        // n1's lease was revoked with its member record: n2 saw no better candidate, rather than waiting for n1's lease to end.
        Assert.Contains("n2 campaigns: campaigning: no leader, and this member is the best healthy candidate", Cluster.Hale(1).Stderr, StringComparison.Ordinal);
        Assert.Equal(503, await Cluster.RoleAsync(2));
        Cluster.AssertNoViolation();
    }

    private async Task<int> OneActiveAmongAsync(params int[] nodes)
    {
        var active = -1;
        await Cluster.WaitUntilAsync(
            async () =>
            {
                foreach (var i in nodes)
                {
                    if (await Cluster.RoleAsync(i) == 200 && Cluster.ServiceRunning(i) && File.Exists(Cluster.ActiveFile(i)))
                    {
                        active = i;
                        return true;
                    }
                }

                return false;
            },
            "one of " + string.Join(", ", nodes.Select(HaleGroupCluster.Node)) + " active");
        return active;
    }

    private static string[] Lines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : [];
}
