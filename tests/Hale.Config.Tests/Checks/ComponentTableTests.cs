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

    [Fact]
    public void Resolve_TenThousandLongNotChain_OneDepthErrorWithoutOverflow()
    {
        var error = Assert.Single(TestConfig.Errors(NotChain(10_000)));

        Assert.Equal((34, 15), (error.Line, error.Column));
        Assert.Equal("references between checks nest deeper than 32 (reference_depth): c0 -> c1 -> c2 -> ... -> c31 -> c32 -> c33", error.Message);
    }

    [Fact]
    public void Resolve_ChainListedDeepestFirst_DepthStillCounted()
    {
        var yaml = "checks:\n" + string.Concat(Enumerable.Range(0, 40).Reverse().Select(i => $"  c{i}: {(i == 39 ? "{ tcp: { host: h, port: 1 } }" : $"{{ not: c{i + 1} }}")}\n"));

        var error = Assert.Single(TestConfig.Errors(yaml));

        Assert.StartsWith("references between checks nest deeper than 32 (reference_depth): ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" -> ...", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, true)]
    [InlineData(33, false)]
    public void Resolve_ChainAtTheDefaultLimit_LoadsAndOneMoreFails(int references, bool loads)
    {
        var yaml = NotChain(references + 1);

        Assert.Equal(loads, Loads(yaml));
    }

    [Fact]
    public void Resolve_ReferenceDepthKey_RaisesTheLimit()
    {
        Assert.True(Loads("reference_depth: 100\n" + NotChain(100)));
        Assert.False(Loads("reference_depth: 4\n" + NotChain(6)));
        Assert.Equal("reference_depth: 1000 is out of range 1..256", TestConfig.Error("reference_depth: 1000\n").Message);
    }

    /// <summary>c0: { not: c1 }, ..., c(n-1): a TCP check: a chain of n - 1 references.</summary>
    private static string NotChain(int checks) =>
        "checks:\n" + string.Concat(Enumerable.Range(0, checks).Select(i => $"  c{i}: {(i == checks - 1 ? "{ tcp: { host: h, port: 1 } }" : $"{{ not: c{i + 1} }}")}\n"));

    private static bool Loads(string yaml)
    {
        try
        {
            TestConfig.Parse(yaml);
            return true;
        }
        catch (ConfigException)
        {
            return false;
        }
    }
}
