using System.Diagnostics;
using Hale.Failover;
using Hale.Processes;
using static Hale.Tests.Processes.ProcessTestSupport;

namespace Hale.Tests.Failover;

/// <summary>
/// A stand-in for an owned service: <c>setsid /bin/sh -c 'sleep 1000 &amp; exec sleep 1000'</c>, two processes in a process group
/// of their own (its id is <see cref="Group"/>), marked with the test's owner. Disposing kills the group.
/// </summary>
internal sealed class FencedServiceGroup : IAsyncDisposable
{
    private readonly Process _leader;

    private FencedServiceGroup(Process leader, IReadOnlyList<int> members)
    {
        _leader = leader;
        Members = members;
    }

    /// <summary>The process group id (the leader's pid).</summary>
    public int Group => _leader.Id;

    /// <summary>The two processes of the group.</summary>
    public IReadOnlyList<int> Members { get; }

    /// <summary>Whether any member is still alive (zombies count as dead).</summary>
    public bool AnyAlive => Members.Any(ProcessTable.IsAlive);

    /// <summary>Whether every member is still alive.</summary>
    public bool AllAlive => Members.All(ProcessTable.IsAlive);

    /// <param name="owner">The <c>HALE_OWNER</c> marker.</param>
    /// <param name="fenceMarker">When given, <c>HALE_FENCE</c> in the members' environment: a fence with this marker kills them.</param>
    public static async Task<FencedServiceGroup> StartAsync(string owner, string? fenceMarker = null)
    {
        var leader = StartShell("sleep 1000 & exec sleep 1000", owner, fenceMarker);
        int[] members = [];
        var found = await EventuallyAsync(() =>
        {
            members = [.. Pids().Where(pid => ProcessTable.ProcessGroupOf(pid) == leader.Id && ProcessTable.CommandLine(pid) == "sleep 1000")];
            return members.Length == 2;
        });
        var group = new FencedServiceGroup(leader, members);
        if (!found)
        {
            await group.DisposeAsync();
            throw new InvalidOperationException($"the service group {leader.Id} did not start its two sleeps");
        }

        return group;
    }

    /// <summary>Starts <c>setsid /bin/sh -c <paramref name="script"/></c>: a process group and session of its own, marked with
    /// <paramref name="owner"/> and, when given, the fence marker.</summary>
    public static Process StartShell(string script, string owner, string? fenceMarker)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment[ProcessSpec.OwnerVariable] = owner;
        if (fenceMarker is not null)
        {
            info.Environment[LeaseFence.MarkerVariable] = fenceMarker;
        }

        return Process.Start(info)!;
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(name => int.TryParse(name, out var pid) ? pid : 0).Where(pid => pid > 0);

    public async ValueTask DisposeAsync()
    {
        NativeMethods.KillProcessGroup(Group, NativeMethods.SIGKILL);
        await _leader.WaitForExitAsync().WaitAsync(Patience);
        _leader.Dispose();
    }
}
