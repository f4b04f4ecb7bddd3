using Hale.LoadBalancers;

namespace Hale.Config.Tests.LoadBalancers;

public sealed class HaproxyConfigTests
{
    [Fact]
    public void Parse_BalancersAndBindings_ExposedOnTheConfiguration()
    {
        var config = TestConfig.Parse("""
            haproxy:
              main: { socket: unix:///run/haproxy/admin.sock, timeout: 1s, drain_timeout: 10s, resync_every: 3s }
              edge: { socket: "tcp://[::1]:9902" }
            services:
              web:
                run: sleep 300
                haproxy: [ main:be_web/web1, edge:be_web/web/1 ]
            checks:
              db: { command: "true", haproxy: [ main:be_db/db1 ] }
              plain: { command: "true" }
            """);

        Assert.Equal(
            [
                new BalancerDefinition { Name = "main", Socket = "unix:///run/haproxy/admin.sock", Timeout = TimeSpan.FromSeconds(1), DrainTimeout = TimeSpan.FromSeconds(10), ResyncEvery = TimeSpan.FromSeconds(3) },
                new BalancerDefinition { Name = "edge", Socket = "tcp://[::1]:9902" },
            ],
            config.Balancers);
        Assert.Equal(
            [
                new LoadBalancerBinding(BindingSource.Service, "web", "main", new ServerAddress("be_web", "web1")),
                new LoadBalancerBinding(BindingSource.Service, "web", "edge", new ServerAddress("be_web", "web/1")),
                new LoadBalancerBinding(BindingSource.Check, "db", "main", new ServerAddress("be_db", "db1")),
            ],
            config.BalancerBindings);
        Assert.Equal(["db", "plain"], config.Components.Select(c => c.Name));
    }

    [Fact]
    public void Parse_Defaults_TwoSecondsThirtySecondsFiveSeconds()
    {
        var config = TestConfig.Parse("""
            haproxy:
              main: { socket: "tcp://127.0.0.1:9902" }
            """);

        var main = Assert.Single(config.Balancers);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)), (main.Timeout, main.DrainTimeout, main.ResyncEvery));
        Assert.Empty(config.BalancerBindings);
    }

    [Fact]
    public void Parse_NoHaproxy_Empty()
    {
        var config = TestConfig.Parse("checks: { a: { command: \"true\" } }");

        Assert.Empty(config.Balancers);
        Assert.Empty(config.BalancerBindings);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:9902")]
    [InlineData("tcp://haproxy.local:1")]
    [InlineData("tcp://[::1]:65535")]
    [InlineData("unix:///run/haproxy/admin.sock")]
    public void Parse_ValidSocket_Accepted(string socket) =>
        Assert.Equal(socket, Assert.Single(TestConfig.Parse($"haproxy: {{ main: {{ socket: \"{socket}\" }} }}").Balancers).Socket);

    [Theory]
    [InlineData("127.0.0.1:9902")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("tcp://127.0.0.1:0")]
    [InlineData("tcp://127.0.0.1:65536")]
    [InlineData("tcp://::1:9902")]
    [InlineData("tcp://[::1]9902")]
    [InlineData("tcp://[127.0.0.1]:9902")]
    [InlineData("unix://relative.sock")]
    [InlineData("unix://")]
    [InlineData("http://127.0.0.1:9902")]
    public void Parse_InvalidSocket_ErrorAtTheValue(string socket)
    {
        var error = TestConfig.Error($"haproxy:\n  main: {{ socket: \"{socket}\" }}\n");

        Assert.Equal((2, 19), (error.Line, error.Column));
        Assert.Contains($"socket: '{socket}' must be of form tcp://HOST:PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownBalancer_ErrorWithLineAndColumn()
    {
        var error = TestConfig.Error("""
            haproxy:
              main: { socket: unix:///run/haproxy/admin.sock }
            services:
              web:
                run: sleep 300
                haproxy: [ main:be_web/web1, other:be_web/web2 ]
            """);

        Assert.Equal((6, 34), (error.Line, error.Column));
        Assert.Equal("haproxy: no load balancer named 'other' (defined: main)", error.Message);
    }

    [Fact]
    public void Parse_BindingWithoutAnyBalancer_Error()
    {
        var error = TestConfig.Error("""
            checks:
              db: { command: "true", haproxy: main:be_db/db1 }
            """);

        Assert.Equal((2, 35), (error.Line, error.Column));
        Assert.Contains("none is defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("be_web/web1")]
    [InlineData("main:be_web")]
    [InlineData(":be_web/web1")]
    [InlineData("main:/web1")]
    [InlineData("main:be_web/")]
    public void Parse_MalformedBinding_Error(string binding)
    {
        var error = TestConfig.Error($"haproxy: {{ main: {{ socket: \"tcp://127.0.0.1:9902\" }} }}\nservices:\n  web: {{ run: sleep 300, haproxy: [ \"{binding}\" ] }}\n");

        Assert.Equal(3, error.Line);
        Assert.Equal($"haproxy: '{binding}' must be of form \"balancer:backend/server\", e.g. \"main:be_web/web1\"", error.Message);
    }

    [Fact]
    public void Parse_BadBalancerKeysAndDurations_EveryErrorReported()
    {
        var errors = TestConfig.Errors("""
            haproxy:
              main: { socket: "tcp://127.0.0.1:9902", timeout: 0s, drain_timeout: soon, colour: red }
              backup: { timeout: 1s }
            """);

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Message.Contains("timeout: must be greater than zero", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.StartsWith("drain_timeout:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.StartsWith("unknown key 'colour' in haproxy 'main'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message == "haproxy 'backup' needs 'socket'");
    }

    [Fact]
    public void Parse_InvalidBalancer_BindingsNotReportedTwice()
    {
        var error = TestConfig.Error("""
            haproxy:
              main: { socket: "nowhere" }
            services:
              web: { run: sleep 300, haproxy: [ main:be_web/web1 ] }
            """);

        Assert.Equal(2, error.Line);
    }
}
