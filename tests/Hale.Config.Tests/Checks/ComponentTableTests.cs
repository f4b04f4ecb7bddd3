using Hale.Checks;
using Hale.Combinators;

namespace Hale.Config.Tests.Checks;

public class ComponentTableTests
{
    [Fact]
    public void Resolve_NamesInAll_ReferToTheTopLevelInstances()
    {
        const string yaml = """
            checks:
              db: { tcp: { host: h, port: 5432 } }
              web: { tcp: { host: h, port: 80 } }
              site: { all: [db, web] }
            """;

        var config = TestConfig.Parse(yaml);

        var all = Assert.IsType<AllCheck>(config.Component("site").Check.Inner);
        Assert.Same(config.Component("db").Check, Assert.IsType<CheckReference>(all.InnerChecks[0]).Target);
        Assert.Same(config.Component("web").Check, Assert.IsType<CheckReference>(all.InnerChecks[1]).Target);
    }

    [Fact]
    public void Resolve_ForwardReference_BuildsTheTargetFirstAndKeepsFileOrder()
    {
        const string yaml = """
            checks:
              front: { hysteresis: { check: back, ok_after: 1, fail_after: 1 } }
              back: { tcp: { host: h, port: 1 } }
            """;

        var config = TestConfig.Parse(yaml);

        Assert.Equal(["front", "back"], config.Components.Select(c => c.Name));
        Assert.Same(config.Component("back").Check, Assert.IsType<CheckReference>(Assert.IsType<Hysteresis>(config.Component("front").Check.Inner).Inner).Target);
    }

    [Fact]
    public void Resolve_TopLevelAlias_RefersToTheSameNamedCheck()
    {
        var config = TestConfig.Parse("checks:\n  real: { tcp: { host: h, port: 1 } }\n  alias: real\n");

        var alias = config.Component("alias").Check;
        Assert.Equal("alias", alias.Name);
        Assert.Same(config.Component("real").Check, Assert.IsType<CheckReference>(alias.Inner).Target);
    }

    [Fact]
    public void Resolve_CycleThroughTwoChecks_ReportsOnceAtTheClosingReference()
    {
        var error = TestConfig.Error("checks:\n  a: { any: [b] }\n  b: { not: a }\n");

        Assert.Equal((3, 13), (error.Line, error.Column));
        Assert.Equal("reference cycle: a -> b -> a", error.Message);
    }

    [Fact]
    public void Resolve_LongerCycle_NamesEveryStep()
    {
        var error = TestConfig.Error("checks:\n  a: { not: b }\n  b: { not: c }\n  c: { not: a }\n  d: { not: b }\n");

        Assert.Equal((4, 13), (error.Line, error.Column));
        Assert.Equal("reference cycle: a -> b -> c -> a", error.Message);
    }

    [Fact]
    public void Resolve_SelfReference_IsAnError()
    {
        var error = TestConfig.Error("checks:\n  a:\n    background: { every: 1s, check: a }\n");

        Assert.Equal((3, 37), (error.Line, error.Column));
        Assert.Equal("check 'a' refers to itself", error.Message);
    }

    [Fact]
    public void Resolve_UnknownName_IsAnErrorAtTheReference()
    {
        var error = TestConfig.Error("checks:\n  a: { all: [{ tcp: { host: h, port: 1 } }, missing] }\n");

        Assert.Equal((2, 45), (error.Line, error.Column));
        Assert.Equal("unknown check 'missing'", error.Message);
    }

    [Fact]
    public void Resolve_ReferenceToACheckWithErrors_AddsNoSecondError()
    {
        var error = TestConfig.Error("checks:\n  a: { tcp: { host: h, port: 0 } }\n  b: { not: a }\n");

        Assert.Equal((2, 30), (error.Line, error.Column));
    }
}
