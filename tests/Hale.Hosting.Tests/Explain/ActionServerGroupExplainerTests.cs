using Hale.Actions;
using Hale.Checks;
using Hale.Hosting.Explain;
using Hale.Hosting.Status;
using Hale.LoadBalancers;
using Hale.Testing;

namespace Hale.Hosting.Tests.Explain;

/// <summary>Why an action, an HAProxy server or a failover group is in its state.</summary>
public class ActionServerGroupExplainerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true, "true", "promoted", "promote: every when check is OK", "a when check failing: the demotion runs")]
    [InlineData(false, "true", "demoted", "demote: vip is fail", "every when check OK: the promotion runs")]
    [InlineData(false, "echo s3cret >&2; exit 3", "demotion failed", "the last demotion failed (exit 3: s3cret); it is retried every cycle; demote: vip is fail", "the command succeeding on a later cycle")]
    public async Task Explain_Action_SideFromWhenAndLastRun(bool healthy, string command, string state, string rule, string change)
    {
        await using var vip = new NamedCheck("vip", new ScriptedCheck(healthy ? CheckStatus.Ok : CheckStatus.Fail));
        var runner = new ActionRunner(new ActionDefinition { Name = "promote-db", When = [vip], Promote = [command], Demote = [command] }, TimeProvider.System);
        await runner.RunCycleAsync();

        var explanation = ActionExplainer.Explain(runner, Now, full: true);
        var redacted = ActionExplainer.Explain(runner, Now, full: false);

        Assert.Equal(("action", state), (explanation.Kind, explanation.State));
        Assert.Equal(rule, explanation.Rule);
        Assert.Contains(change, explanation.WouldChange);
        Assert.Contains(explanation.Inputs, i => i.Name == "when" && i.Value == $"vip is {(healthy ? "ok" : "fail")}");
        Assert.DoesNotContain("s3cret", string.Join("\n", redacted.Inputs.Select(i => i.Value).Append(redacted.Rule)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServerAdminState.Ready, ServerAdminState.Ready, true, "ready", "ready: service web wants ready, and main accepted it")]
    [InlineData(ServerAdminState.Maint, ServerAdminState.Ready, true, "ready", "not yet maint: service web wants maint, main last accepted ready")]
    [InlineData(ServerAdminState.Ready, null, false, "unknown (wanted ready)", "not yet ready: service web wants ready, main last accepted nothing known and the last attempt failed")]
    public void Explain_Server_DesiredAgainstApplied(ServerAdminState desired, ServerAdminState? applied, bool reachable, string state, string rule)
    {
        var address = new ServerAddress("be_app", "s1");
        var server = new ServerReconcileStatus(address, desired, applied, applied is null ? null : Now.AddSeconds(-5), reachable ? null : "connection refused");
        var balancer = new LoadBalancerSnapshot("main", null, reachable, reachable ? null : Now.AddSeconds(2), [server]);

        var explanation = ServerExplainer.Explain(balancer, server, [new LoadBalancerBinding(BindingSource.Service, "web", "main", address)], Now, full: true);

        Assert.Equal(("server", "be_app/s1", state), (explanation.Kind, explanation.Name, explanation.State));
        Assert.Equal(rule, explanation.Rule);
        Assert.Contains(explanation.Inputs, i => i is { Name: "driven by", Value: "service web" });
        if (!reachable)
        {
            Assert.Contains("main becoming reachable (next retry in 2 s)", explanation.WouldChange);
        }
    }

    [Theory]
    [InlineData("standby", "host-a", "standby: member host-a (priority 1) holds the lease since 2026-01-01T11:58:00Z; host-a leads (revision 7)", "host-a failing or giving up the lead, while this node is healthy: promote")]
    [InlineData("active", "host-b", "active: standby: host-a leads (revision 7)", "losing the lease (the store unreachable past the lease TTL): demote")]
    public void Explain_Group_RoleLeaderAndMembers(string role, string leader, string rule, string change)
    {
        var group = new GroupStatus("db", "etcd", "host-b", role, leader, null, TimeSpan.FromMilliseconds(120.4), "standby: host-a leads (revision 7)", Now.AddMinutes(-2),
            [new GroupMemberStatus("host-a", 1, true, Now.AddMinutes(-10)), new GroupMemberStatus("host-b", 2, false, null)]);

        var explanation = GroupExplainer.Explain(group, Now, full: true);
        var redacted = GroupExplainer.Explain(group, Now, full: false);

        Assert.Equal(("group", role), (explanation.Kind, explanation.State));
        Assert.Equal(rule, explanation.Rule);
        Assert.Contains(change, explanation.WouldChange);
        Assert.Contains(explanation.Inputs, i => i is { Name: "member host-a", Value: "priority 1, healthy" });
        Assert.Contains(explanation.Inputs, i => i is { Name: "lease", Value: "last renewal answered 120 ms ago" });
        Assert.DoesNotContain("revision 7", redacted.Rule, StringComparison.Ordinal);
    }
}
