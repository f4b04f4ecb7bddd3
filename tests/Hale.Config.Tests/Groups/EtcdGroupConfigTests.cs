using Hale.Failover.Election;

namespace Hale.Config.Tests.Groups;

public class EtcdGroupConfigTests
{
    private const string Example = """
        node: host-a
        etcd: { endpoints: [http://10.0.0.1:2379, http://10.0.0.2:2379], prefix: /hale/, lease_ttl: 2s }
        checks:
          pg-ready: { tcp: { host: 127.0.0.1, port: 5432 } }
        services:
          pg: { run: [sleep, "1000"] }
          other: { run: [sleep, "1000"] }
        groups:
          db:
            coordinator: etcd
            priority: 1
            service: pg
            healthy: pg-ready
            preempt: { enabled: true, delay: 10s }
            promote: ["echo promoted", "echo again"]
            demote: "echo demoted"
            timeout: 3s
        """;

    [Fact]
    public void Parse_IssueExample_BuildsTheGroupAndSettings()
    {
        var config = TestConfig.Parse(Example);

        var group = Assert.Single(config.ElectionGroups);
        Assert.Empty(config.Groups);
        Assert.True(new ElectionGroupDefinition("db", 1, "pg", "pg-ready", true, TimeSpan.FromSeconds(10), ["echo promoted", "echo again"], ["echo demoted"], TimeSpan.FromSeconds(3), null).SameAs(group));
        Assert.Equal(["echo promoted", "echo again"], group.Promote.ToArray());
        Assert.Equal(["echo demoted"], group.Demote.ToArray());
        var etcd = Assert.IsType<CoordinationSettings>(config.Coordination);
        Assert.Equal(["http://10.0.0.1:2379/", "http://10.0.0.2:2379/"], etcd.Endpoints.Select(u => u.ToString()));
        Assert.Equal(("/hale/", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500)), (etcd.Prefix, etcd.LeaseTtl, etcd.CallTimeout));
    }

    [Fact]
    public void Parse_GroupService_IsNotStartedByItself()
    {
        var config = TestConfig.Parse(Example);

        Assert.False(config.Services.Single(s => s.Name == "pg").Autostart);
        Assert.True(config.Services.Single(s => s.Name == "other").Autostart);
    }

    [Fact]
    public void Parse_Minimal_UsesDefaults()
    {
        var config = TestConfig.Parse("""
            etcd: { endpoints: http://127.0.0.1:2379, lease_ttl: 1s }
            groups:
              g: { coordinator: etcd, preempt: true }
            """);

        var group = Assert.Single(config.ElectionGroups);
        Assert.Equal((100, null, null, true, ElectionGroupDefinition.DefaultPreemptDelay), (group.Priority, group.Service, group.Healthy, group.Preempt, group.PreemptDelay));
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.Coordination!.CallTimeout);
        Assert.Equal(CoordinationSettings.DefaultPrefix, config.Coordination.Prefix);
    }

    [Theory]
    [InlineData("", 5000, 1000)]
    [InlineData(", lease_ttl: 2s", 2000, 500)]
    [InlineData(", lease_ttl: 3s", 3000, 750)]
    [InlineData(", lease_ttl: 30s", 30000, 1000)]
    [InlineData(", lease_ttl: 30s, timeout: 5s", 30000, 5000)]
    public void Parse_LeaseAndCallTimeout_DefaultToFiveSecondsAndAQuarterOfTheLeaseAtMostOneSecond(string settings, int leaseMs, int callMs)
    {
        var config = TestConfig.Parse($$"""
            etcd: { endpoints: http://127.0.0.1:2379{{settings}} }
            groups:
              g: { coordinator: etcd }
            """);

        Assert.Equal((TimeSpan.FromMilliseconds(leaseMs), TimeSpan.FromMilliseconds(callMs)), (config.Coordination!.LeaseTtl, config.Coordination.CallTimeout));
    }

    [Theory]
    [InlineData("g: { coordinator: etcd, service: nope }", "group 'g': service: no service named 'nope'")]
    [InlineData("g: { coordinator: etcd, healthy: nope }", "group 'g': healthy: no check named 'nope'")]
    [InlineData("g: { coordinator: etcd, priority: -1 }", "priority")]
    [InlineData("g: { coordinator: etcd, promote: [\" \"] }", "group 'g': promote: a command must not be empty")]
    [InlineData("g: { coordinator: etcd, hosts: {} }", "unknown key 'hosts' in group 'g'")]
    [InlineData("g: { coordinator: etcd, preempt: { delay: soon } }", "preempt: delay")]
    public void Parse_BadEtcdGroup_ReportsItAtItsLine(string group, string message)
    {
        var errors = TestConfig.Errors($"""
            etcd: {"{"} endpoints: http://127.0.0.1:2379 {"}"}
            services:
              s: {"{"} run: [sleep, "1"] {"}"}
            groups:
              {group}
            """);

        var error = Assert.Single(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(5, error.Line);
    }

    [Theory]
    [InlineData("endpoints: [ftp://x:1]", "etcd: endpoints: expected a URL such as http://10.0.0.1:2379 (plain HTTP; TLS is not supported yet), found 'ftp://x:1'")]
    [InlineData("endpoints: []", "etcd: endpoints needs at least one URL")]
    [InlineData("endpoints: http://a:1, lease_ttl: 1500ms", "etcd: lease_ttl: expected whole seconds from 1s to 300s")]
    [InlineData("endpoints: http://a:1, timeout: 2s", "etcd: timeout: 2000ms is more than a quarter of lease_ttl (5s)")]
    [InlineData("endpoints: http://a:1, lease_ttl: 2s, timeout: 501ms", "etcd: timeout: 501ms is more than a quarter of lease_ttl (2s)")]
    [InlineData("endpoints: http://a:1, prefix: hale", "etcd: prefix: expected a key prefix that starts and ends with '/'")]
    [InlineData("endpoint: http://a:1", "unknown key 'endpoint' in etcd")]
    public void Parse_BadEtcdSettings_NamesTheField(string settings, string message)
    {
        var errors = TestConfig.Errors($$"""
            etcd: { {{settings}} }
            groups:
              g: { coordinator: etcd }
            """);

        var error = Assert.Single(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Parse_EtcdGroupWithoutEtcdSection_SaysSo()
    {
        var errors = TestConfig.Errors("groups:\n  g: { coordinator: etcd }\n");

        Assert.Contains(errors, e => e.Message.Contains("group 'g' has coordinator: etcd, but there is no 'etcd:' section", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ServiceInTwoGroups_IsAnError()
    {
        var errors = TestConfig.Errors("""
            etcd: { endpoints: http://127.0.0.1:2379 }
            services:
              s: { run: [sleep, "1"] }
            groups:
              a: { coordinator: etcd, service: s }
              b: { coordinator: etcd, service: s }
            """);

        Assert.Contains(errors, e => e.Message.Contains("service 's' belongs to more than one failover group (a, b)", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GroupWithHAProxyServers_BindsThemToTheGroupsRole()
    {
        var config = TestConfig.Parse("""
            etcd: { endpoints: http://127.0.0.1:2379 }
            haproxy:
              main: { socket: "unix:///run/haproxy/admin.sock" }
            groups:
              db: { coordinator: etcd, haproxy: [ main:be_db/pg1 ] }
              ostro: { coordinator: local, hosts: { a: { priority: 1 } }, test: "exit 1", start: "true", stop: "true", haproxy: main:be_o/o1 }
            """);

        Assert.Equal(
            [("db", "main", "be_db", "pg1"), ("ostro", "main", "be_o", "o1")],
            config.BalancerBindings.Select(b => (b.Name, b.Balancer, b.Server.Backend, b.Server.Server)));
        Assert.All(config.BalancerBindings, b => Assert.Equal(Hale.LoadBalancers.BindingSource.Check, b.Source));
    }
}
