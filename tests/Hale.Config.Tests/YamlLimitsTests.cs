using System.Text;
using Hale.Checks;

namespace Hale.Config.Tests;

/// <summary>
/// <c>yaml_limits</c>: nesting depth and alias expansion, read before the file is loaded under them; defaults 64 and 100,000,
/// ceilings 256 and 1,000,000 whatever the file says.
/// </summary>
public sealed class YamlLimitsTests
{
    private const int ThreadPoolStackBytes = 1536 * 1024;

    [Fact]
    public void Parse_NestedOnePastTheDefaultDepth_IsAnErrorAtTheFirstLevelPastIt()
    {
        // The root mapping and 'checks' are two levels: the 63rd '[' (column 6 + 62) is the 65th level.
        var error = TestConfig.Error("checks:\n  a: " + new string('[', 63) + new string(']', 63) + "\n");

        Assert.Equal((2, 6 + 62), (error.Line, error.Column));
        Assert.Equal("mappings and lists are nested deeper than 64 levels (yaml_limits.max_depth)", error.Message);
    }

    [Fact]
    public void Parse_MaxDepthRaised_AcceptsAFileNested80Deep()
    {
        var checks = NotChain(76); // 80 levels

        Assert.Contains("nested deeper than 64 levels (yaml_limits.max_depth)", TestConfig.Error(checks).Message, StringComparison.Ordinal);
        var config = TestConfig.Parse("yaml_limits: { max_depth: 100 }\n" + checks);

        Assert.Equal("a", Assert.Single(config.Components).Name);
    }

    [Fact]
    public void Parse_YamlLimitsAfterTheDeepNode_StillApplies()
    {
        var config = TestConfig.Parse(NotChain(76) + "yaml_limits:\n  max_depth: 80\n");

        Assert.Single(config.Components);
    }

    [Fact]
    public void Parse_MaxDepthLowered_RejectsTheFirstLevelPastIt()
    {
        var error = TestConfig.Error("yaml_limits: { max_depth: 3 }\nchecks:\n  a: { not: { tcp: { host: h, port: 1 } } }\n");

        Assert.Equal((3, 13), (error.Line, error.Column));
        Assert.Equal("mappings and lists are nested deeper than 3 levels (yaml_limits.max_depth)", error.Message);
    }

    [Theory]
    [InlineData("max_depth: 257", "yaml_limits.max_depth: 257 is out of range 1..256")]
    [InlineData("max_depth: 0", "yaml_limits.max_depth: 0 is out of range 1..256")]
    [InlineData("max_nodes: 1000001", "yaml_limits.max_nodes: 1000001 is out of range 1..1000000")]
    [InlineData("max_nodes: lots", "yaml_limits.max_nodes: expected an integer, found 'lots'")]
    [InlineData("max_nodes: [1]", "yaml_limits.max_nodes: expected an integer, found a list")]
    [InlineData("depth: 3", "unknown key 'depth' in yaml_limits; expected max_depth, max_nodes")]
    public void Parse_BadYamlLimitsValue_IsAnErrorAtTheValueNamingTheKey(string entry, string message)
    {
        var error = TestConfig.Error($"yaml_limits:\n  {entry}\nchecks:\n  a: {{ tcp: {{ host: h, port: 1 }} }}\n");

        Assert.Equal((2, message.StartsWith("unknown", StringComparison.Ordinal) ? 3 : 14), (error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlLimitsNotAMapping_IsAnError()
    {
        var error = TestConfig.Error("yaml_limits: 64\nchecks:\n  a: { tcp: { host: h, port: 1 } }\n");

        Assert.Equal((1, 14), (error.Line, error.Column));
        Assert.Equal("yaml_limits: expected a mapping, found '64'", error.Message);
    }

    [Fact]
    public void Parse_MaxDepthAboveTheCeiling_KeepsTheDefaultAndReportsBoth()
    {
        var errors = TestConfig.Errors("yaml_limits: { max_depth: 1000 }\n" + NotChain(76));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("yaml_limits.max_depth: 1000 is out of range 1..256", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("mappings and lists are nested deeper than 64 levels (yaml_limits.max_depth)", errors[1].Message);
    }

    [Fact]
    public void Parse_DeepNestingWithMaxDepthAtTheCeiling_IsAnErrorAtLevel257()
    {
        var error = TestConfig.Error("yaml_limits: { max_depth: 256 }\nchecks:\n  a: " + new string('[', 100_000) + "\n");

        Assert.Equal((3, 6 + 254), (error.Line, error.Column));
        Assert.Equal("mappings and lists are nested deeper than 256 levels (yaml_limits.max_depth)", error.Message);
    }

    /// <summary>A reload runs on a thread-pool thread (1.5 MB of stack): a file at the depth ceiling loads and evaluates there.</summary>
    [Fact]
    public void Parse_NestedAtTheDepthCeiling_LoadsAndEvaluatesOnAThreadPoolSizedStack()
    {
        var yaml = "yaml_limits: { max_depth: 256 }\n" + NotChain(252); // 256 levels
        CheckResult? result = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    var config = TestConfig.Parse(yaml);
                    result = config.Components[0].Check.CheckAsync().AsTask().GetAwaiter().GetResult();
                }
#pragma warning disable CA1031 // Reported by the assertion below.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }
            },
            ThreadPoolStackBytes);

        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.NotNull(result);
        Assert.Equal(CheckStatus.Ok, result!.Value.Status); // 252 negations of ok
    }

    [Fact]
    public void Parse_MaxNodesLowered_RejectsAFileOf2000ExpandedNodes()
    {
        var error = TestConfig.Error("yaml_limits: { max_nodes: 1000 }\n" + Expanding(20, 1));

        Assert.Equal(7, error.Line); // the 'all' list of aliases
        Assert.Equal("the file has more than 1000 nodes once its aliases are expanded (yaml_limits.max_nodes)", error.Message);
    }

    [Fact]
    public void Parse_MaxNodesRaised_AcceptsAFileOf150000ExpandedNodes()
    {
        var checks = Expanding(15, 100);

        Assert.Contains("more than 100000 nodes once its aliases are expanded (yaml_limits.max_nodes)", TestConfig.Error(checks).Message, StringComparison.Ordinal);
        var config = TestConfig.Parse("yaml_limits: { max_nodes: 200000 }\n" + checks);

        Assert.Equal(["c0", "c1", "cx", "c2"], config.Components.Select(c => c.Name));
    }

    [Theory]
    [InlineData("max_nodes: 1000000", 1_000_000)]
    [InlineData("max_nodes: 2000000000", 100_000)]
    public void Parse_AliasBomb_StoppedWhateverYamlLimitsSays(string entry, int limit)
    {
        var yaml = new StringBuilder($"yaml_limits: {{ {entry} }}\n");
        yaml.Append("x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        yaml.Append("checks:\n  c: { all: *a9 }\n");

        var errors = TestConfig.Errors(yaml.ToString());

        Assert.Contains(errors, e => e.Message == $"the file has more than {limit} nodes once its aliases are expanded (yaml_limits.max_nodes)" && e.Line <= 11);
    }

    /// <summary>Check 'a': <paramref name="count"/> nested <c>not</c> around a oneshot that is ok; the file nests count + 4 levels.</summary>
    private static string NotChain(int count) =>
        "checks:\n  a: " + string.Concat(Enumerable.Repeat("{ not: ", count)) + "{ oneshot: { default: ok } }" + new string('}', count) + "\n";

    /// <summary>
    /// Check c2 is an 'all' of <paramref name="copies"/> aliases of check cx, an 'all' of <paramref name="inner"/> aliases of
    /// check c1, an 'all' of 100 references: about copies × inner × 103 nodes once expanded.
    /// </summary>
    private static string Expanding(int copies, int inner)
    {
        var text = new StringBuilder("checks:\n");
        text.Append("  c0: { oneshot: { default: ok } }\n");
        text.Append("  c1: &l0 { all: [").AppendJoin(", ", Enumerable.Repeat("c0", 100)).Append("] }\n");
        text.Append("  cx: &l1 { all: [").AppendJoin(", ", Enumerable.Repeat("*l0", inner)).Append("] }\n");
        text.Append("  c2:\n");
        text.Append("    all: [").AppendJoin(", ", Enumerable.Repeat("*l1", copies)).Append("]\n");
        return text.ToString();
    }
}
