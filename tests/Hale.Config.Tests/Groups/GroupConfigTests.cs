using Hale.Config.Groups;
using Hale.Failover;

namespace Hale.Config.Tests.Groups;

public class GroupConfigTests
{
    private const string Example = """
        node: host-a
        groups:
          ostro:
            coordinator: local
            interval: 5s
            hosts: { host-a: { priority: 1 }, host-b: { priority: 2 } }
            user: stack
            test:  "ssh {user}@{host} 'exit $(cd /opt/ostro; python ./ostro_daemon.py status; echo $?)'"
            start: "ssh {user}@{host} 'cd /opt/ostro; sudo python ./ostro_daemon.py start'"
            stop:  "ssh {user}@{host} 'cd /opt/ostro; sudo python ./ostro_daemon.py stop'"
            timeout: 10s
        """;

    [Fact]
    public void Parse_IssueExample_BuildsTheGroup()
    {
        var config = TestConfig.Parse(Example);

        var group = Assert.Single(config.Groups);
        Assert.Equal("host-a", config.Node);
        Assert.Equal("ostro", group.Name);
        Assert.Equal([("host-a", 1), ("host-b", 2)], group.Members.Select(m => (m.Host, m.Priority)));
        Assert.Equal(TimeSpan.FromSeconds(5), group.Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), group.Timeout);
        Assert.Equal("stack", group.User);
        Assert.StartsWith("ssh {user}@{host} 'exit", group.Test, StringComparison.Ordinal);
        Assert.EndsWith("start'", group.Start, StringComparison.Ordinal);
        Assert.EndsWith("stop'", group.Stop, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoNodeAndDefaults_UsesShortHostNameAndDefaults()
    {
        var config = TestConfig.Parse("""
            groups:
              g:
                coordinator: local
                hosts: { a: { priority: 1 } }
                test: "exit 0"
                start: "true"
                stop: "true"
            """);

        var group = Assert.Single(config.Groups);
        Assert.Equal(GroupReader.ShortHostName(), config.Node);
        Assert.DoesNotContain('.', config.Node);
        Assert.Equal(LocalGroupDefinition.DefaultInterval, group.Interval);
        Assert.Equal(LocalGroupDefinition.DefaultTimeout, group.Timeout);
        Assert.Null(group.User);
    }

    [Fact]
    public void Parse_NoGroups_HasNone()
    {
        Assert.Empty(TestConfig.Parse("checks: { ok: { command: \"true\" } }").Groups);
    }

    [Theory]
    [InlineData("coordinator: raft", 3, 18, "coordinator: expected local or etcd, found 'raft'")]
    [InlineData("colour: blue", 3, 5, "unknown key 'colour' in group 'g'")]
    [InlineData("user: \"bad user\"", 3, 11, "user 'bad user' holds ' '")]
    [InlineData("user: -oProxy", 3, 11, "user '-oProxy' starts with '-'")]
    [InlineData("interval: 0s", 3, 15, "interval: must be greater than zero")]
    [InlineData("timeout: soon", 3, 14, "timeout:")]
    public void Parse_BadGroupKey_ReportsItsPosition(string line, int row, int column, string message)
    {
        var yaml = $"""
            groups:
              g:
                {line}
                {(line.StartsWith("coordinator", StringComparison.Ordinal) ? "" : "coordinator: local")}
                hosts: {"{"} a: {"{"} priority: 1 {"}"} {"}"}
                test: "exit 0"
                start: "true"
                stop: "true"
            """;
        var errors = TestConfig.Errors(yaml);

        var error = Assert.Single(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal((row, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("test", "group 'g' needs 'test'")]
    [InlineData("start", "group 'g' needs 'start'")]
    [InlineData("stop", "group 'g' needs 'stop'")]
    [InlineData("hosts", "group 'g' needs 'hosts'")]
    public void Parse_MissingRequiredKey_NamesIt(string missing, string message)
    {
        var lines = new[] { "coordinator: local", "hosts: { a: { priority: 1 } }", "test: \"exit 0\"", "start: \"true\"", "stop: \"true\"" }
            .Where(l => !l.StartsWith(missing + ":", StringComparison.Ordinal));
        var yaml = "groups:\n  g:\n" + string.Concat(lines.Select(l => $"    {l}\n"));

        var error = TestConfig.Error(yaml);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 5), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("{ \"a;b\": { priority: 1 } }", "host 'a;b' holds ';'")]
    [InlineData("{ a: { priority: 0 } }", "priority: 0 is out of range")]
    [InlineData("{ a: { priority: 1 }, A: { priority: 2 } }", "host 'A' appears twice")]
        [InlineData("{ }", "hosts needs at least one host")]
    public void Parse_BadHosts_IsReported(string hosts, string message)
    {
        var error = TestConfig.Error($"""
            groups:
              g:
                coordinator: local
                hosts: {hosts}
                test: "exit 0"
                start: "true"
                stop: "true"
            """);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Parse_UnknownHostKey_IsReported()
    {
        var errors = TestConfig.Errors("""
            groups:
              g:
                coordinator: local
                hosts: { a: { weight: 1 } }
                test: "exit 0"
                start: "true"
                stop: "true"
            """);

        var error = Assert.Single(errors, e => e.Message.Contains("unknown key 'weight'", StringComparison.Ordinal));
        Assert.Equal((4, 19), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_UserPlaceholderWithoutUser_IsReported()
    {
        var error = TestConfig.Error("""
            groups:
              g:
                coordinator: local
                hosts: { a: { priority: 1 } }
                test: "ssh {user}@{host} true"
                start: "true"
                stop: "true"
            """);

        Assert.Contains("test uses {user} but the group has no 'user'", error.Message, StringComparison.Ordinal);
        Assert.Equal((5, 11), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_GroupNamedLikeACheck_IsReported()
    {
        var error = TestConfig.Error("""
            checks:
              g: { command: "true" }
            groups:
              g:
                coordinator: local
                hosts: { a: { priority: 1 } }
                test: "exit 0"
                start: "true"
                stop: "true"
            """);

        Assert.Contains("'g' is already a check's", error.Message, StringComparison.Ordinal);
        Assert.Equal((4, 3), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_BadNode_IsReported()
    {
        var error = TestConfig.Error("node: \"a b\"");

        Assert.Contains("node 'a b' holds ' '", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 7), (error.Line, error.Column));
    }
}
