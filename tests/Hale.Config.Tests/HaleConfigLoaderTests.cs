using System.Net;
using Hale.Auth;
using Hale.Checks;
using Hale.Combinators;
using Hale.Probes;
using Hale.State;
using Hale.Testing;

namespace Hale.Config.Tests;

public class HaleConfigLoaderTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "examples", "failover.yaml");

    [Fact]
    public void Load_Example_HasFiveComponentsInFileOrder()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        Assert.Equal(["example-1", "example-2", "example-3", "example-4", "mail-u5"], config.Components.Select(c => c.Name));
        Assert.All(config.Components, c => Assert.True(c.Serve));
        Assert.All(config.Components, c => Assert.Equal(c.Name, c.Check.Name));
        Assert.Equal(ExamplePath, config.SourcePath);
    }

    [Fact]
    public void Load_Example_ListensOnLoopback8080()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8080)], config.Listen);
    }

    [Fact]
    public void Load_Example_StateDirectoryIsAbsoluteBesideTheFile()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        var expected = Path.Combine(Path.GetDirectoryName(ExamplePath)!, "state");
        Assert.Equal(expected, config.StateDirectory);
        Assert.True(Path.IsPathFullyQualified(config.StateDirectory));
        Assert.Equal(expected, Assert.IsType<FileOperatorStateStore>(config.StateStore).Directory);
    }

    [Fact]
    public void Load_ExampleOne_IsNamedTcpCheck()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        var tcp = Assert.IsType<TcpCheck>(config.Component("example-1").Check.Inner);
        Assert.Equal("192.0.2.1", tcp.Host);
        Assert.Equal(25, tcp.Port);
        Assert.Equal(TimeSpan.FromSeconds(10), tcp.Timeout);
        Assert.Null(tcp.Source);
        Assert.Null(config.Component("example-1").OnPost);
    }

    [Fact]
    public void Load_ExampleTwo_IsCountHysteresisStartingInFail()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        var hysteresis = Assert.IsType<Hysteresis>(config.Component("example-2").Check.Inner);
        Assert.Equal(HealthState.Fail, hysteresis.State.State);
        Assert.Equal(Threshold.Count(5), hysteresis.OkAfter);
        Assert.Equal(Threshold.Count(20), hysteresis.FailAfter);
        Assert.IsType<TcpCheck>(hysteresis.Inner);
    }

    [Fact]
    public void Load_ExampleThree_IsDurationHysteresis()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        var hysteresis = Assert.IsType<Hysteresis>(config.Component("example-3").Check.Inner);
        Assert.Equal(Threshold.Duration(TimeSpan.FromMinutes(1)), hysteresis.OkAfter);
        Assert.Equal(Threshold.Duration(TimeSpan.FromMinutes(2)), hysteresis.FailAfter);
        Assert.Equal(HealthState.Fail, hysteresis.State.State);
    }

    [Fact]
    public void Load_ExampleFour_IsBackgroundOverHysteresisOverTcp()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        var background = Assert.IsType<Background>(config.Component("example-4").Check.Inner);
        Assert.Equal(TimeSpan.FromMinutes(3), background.Interval);
        var hysteresis = Assert.IsType<Hysteresis>(background.Inner);
        Assert.Equal(Threshold.Count(2), hysteresis.OkAfter);
        Assert.Equal(Threshold.Count(2), hysteresis.FailAfter);
        Assert.Equal(HealthState.Fail, hysteresis.State.State);
        var tcp = Assert.IsType<TcpCheck>(hysteresis.Inner);
        Assert.Equal(25, tcp.Port);
    }

    [Fact]
    public void Load_MailU5_OnPostIsTheToggleToOkOneshot()
    {
        var config = HaleConfigLoader.Load(ExamplePath);

        var component = config.Component("mail-u5");
        var toggle = Assert.IsType<Toggle>(component.Check.Inner);
        Assert.Equal(HealthState.Ok, toggle.State);
        var toFail = Assert.IsType<Hysteresis>(toggle.ToFail);
        Assert.Equal(Threshold.Count(1), toFail.OkAfter);
        Assert.Equal(Threshold.Count(10), toFail.FailAfter);
        Assert.Equal(HealthState.Ok, toFail.State.State);
        var oneshot = Assert.IsType<Oneshot>(toggle.ToOk);
        Assert.Same(oneshot, component.OnPost);
        Assert.Equal(HealthState.Fail, oneshot.DefaultState);
        Assert.Equal("/var/lib/healthcheck_users", Assert.IsType<HtpasswdFile>(oneshot.Auth).Path);
    }

    [Fact]
    public void Load_Example_StartsNothing()
    {
        var time = new ManualTimeProvider();

        var config = HaleConfigLoader.Load(ExamplePath, time);

        Assert.Equal(0, time.ActiveTimerCount);
        Assert.Equal(0, Assert.IsType<Background>(config.Component("example-4").Check.Inner).RunCount);
        Assert.All(config.Components, c => Assert.Null(c.Check.Snapshot.Status));
    }

    [Fact]
    public void Parse_ToggleAndOneshot_PersistUnderTheirPathKeys()
    {
        var source = TestConfig.SourcePath();
        var store = new FileOperatorStateStore(Path.Combine(Path.GetDirectoryName(source)!, "state"));
        store.Write("mail-u5", "fail");
        var yaml = File.ReadAllText(ExamplePath);

        var config = TestConfig.Parse(yaml, source);
        var oneshot = Assert.IsType<Oneshot>(config.Component("mail-u5").OnPost);
        oneshot.Fire();

        Assert.Equal(HealthState.Fail, Assert.IsType<Toggle>(config.Component("mail-u5").Check.Inner).State);
        Assert.Equal("armed", config.StateStore.Read("mail-u5.to_ok"));
    }

    [Fact]
    public void Load_MissingFile_ThrowsWithLineZero()
    {
        var path = Path.Combine(TestConfig.NewDirectory(), "absent.yaml");

        var ex = Assert.Throws<ConfigException>(() => HaleConfigLoader.Load(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((path, 0, 0), (error.File, error.Line, error.Column));
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThreeErrors_ReportsAllInFileOrder()
    {
        const string yaml = """
            http:
              listen: 127.0.0.1:70000
            checks:
              a:
                tcp: { host: h, port: 25, timeout: 10 }
              b:
                hysteresis: { check: a, initial: maybe, ok_after: 1, fail_after: 1 }
            """;
        var source = TestConfig.SourcePath();

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse(yaml, source));

        Assert.Equal([(2, 11), (5, 40), (7, 38)], ex.Errors.Select(e => (e.Line, e.Column)));
        Assert.Equal(3, ex.Message.Split('\n').Length);
        Assert.StartsWith($"{source}:2:11: listen: port 70000 is out of range", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{source}:5:40: timeout: duration needs a unit (ms, s, m, h)", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith($"{source}:7:38: initial: expected ok or fail, found 'maybe'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoHttpNoStateDir_UsesDefaults()
    {
        var source = TestConfig.SourcePath();

        var config = TestConfig.Parse("checks:\n  a: { tcp: { host: h, port: 1 } }\n", source);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8080)], config.Listen);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(source)!, "state"), config.StateDirectory);
    }

    [Fact]
    public void ConfigError_ToString_IsFileLineColumnMessage()
    {
        var error = new ConfigError("hale.yaml", 3, 7, "unknown check 'x'");

        Assert.Equal("hale.yaml:3:7: unknown check 'x'", error.ToString());
    }
}
