using Hale.Checks;
using Hale.Combinators;
using Hale.Probes;

namespace Hale.Config.Tests;

public class ComponentReaderTests
{
    private const string ToggleYaml = """
        checks:
          t:
            toggle: { to_fail: { tcp: { host: h, port: 1 } }, to_ok: { oneshot: {} } }
            on_post: ON_POST
        """;

    [Fact]
    public void ReadAll_OnPostToFail_IsTheToggleToFail()
    {
        var config = TestConfig.Parse(ToggleYaml.Replace("ON_POST", "to_fail", StringComparison.Ordinal));

        var toggle = Assert.IsType<Toggle>(config.Component("t").Check.Inner);
        Assert.Same(toggle.ToFail, config.Component("t").OnPost);
    }

    [Fact]
    public void ReadAll_OnPostName_IsThatNamedCheck()
    {
        var config = TestConfig.Parse("checks:\n  a: { tcp: { host: h, port: 1 } }\n  b:\n    not: a\n    on_post: a\n");

        Assert.Same(config.Component("a").Check, config.Component("b").OnPost);
    }

    [Fact]
    public void ReadAll_OnPostNamingATopLevelOneshot_IsTheOneshotItself()
    {
        var config = TestConfig.Parse("checks:\n  release: { oneshot: {} }\n  b:\n    not: release\n    on_post: release\n");

        Assert.Same(config.Component("release").Check.Inner, config.Component("b").OnPost);
        Assert.IsType<Oneshot>(config.Component("b").OnPost);
    }

    [Fact]
    public void ReadAll_OnPostInlineCheck_IsBuiltWithItsOwnStateKey()
    {
        var config = TestConfig.Parse("checks:\n  a:\n    tcp: { host: h, port: 1 }\n    on_post: { oneshot: { default: ok } }\n");

        var oneshot = Assert.IsType<Oneshot>(config.Component("a").OnPost);
        oneshot.Fire();
        Assert.Equal("armed", config.StateStore.Read("a.on_post"));
    }

    [Fact]
    public void ReadAll_ServeFalse_IsKeptAndTheComponentStillListed()
    {
        var config = TestConfig.Parse("checks:\n  hidden:\n    tcp: { host: h, port: 1 }\n    serve: false\n  shown: { tcp: { host: h, port: 2 } }\n");

        Assert.False(config.Component("hidden").Serve);
        Assert.True(config.Component("shown").Serve);
        Assert.IsType<TcpCheck>(config.Component("hidden").Check.Inner);
    }

    [Fact]
    public void ReadAll_NamesWithSlashes_AreAllowed()
    {
        var config = TestConfig.Parse("checks:\n  mail/u5: { tcp: { host: h, port: 1 } }\n");

        Assert.IsType<NamedCheck>(config.Component("mail/u5").Check);
    }
}
