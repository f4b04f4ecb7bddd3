using System.Text.RegularExpressions;
using Hale.Testing.Fuzz;

namespace Hale.Config.Tests.Fuzz;

/// <summary>
/// A seeded corpus of mutated configurations (<see cref="YamlFuzzCorpus"/>, from examples/*.yaml and valid test files):
/// every one loads or is rejected with <see cref="ConfigException"/> only, each error at a LINE:COL in the file.
/// A failure names the seed, the case and its mutations; <c>YamlFuzzCorpus.Case(seed, index)</c> replays it.
/// </summary>
public sealed partial class YamlFuzzTests
{
    private const int CorpusSize = 1_500;

    [Fact]
    public void Parse_EverySeedFile_Loads()
    {
        foreach (var (name, text) in YamlFuzzSeeds.All)
        {
            var ex = Record.Exception(() => TestConfig.Parse(text));
            Assert.True(ex is null, $"{name} does not load: {ex}");
        }
    }

    [Fact]
    public void Corpus_IsReproducible()
    {
        var first = YamlFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, 50);
        var again = YamlFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, 50);

        Assert.Equal(first, again);
        Assert.Equal(first[37], YamlFuzzCorpus.Case(YamlFuzzCorpus.DefaultSeed, 37));
        Assert.True(first.Select(c => c.Text).Distinct(StringComparer.Ordinal).Count() > 45);
    }

    [Fact]
    public async Task Parse_FuzzCorpus_LoadsOrThrowsConfigExceptionWithPositions()
    {
        var corpus = YamlFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, CorpusSize);
        var source = TestConfig.SourcePath();
        var result = await FuzzRunner.RunAsync(corpus.Count, i => Check(corpus[i], source), i => corpus[i].ToString());

        Assert.True(result.Failures.Count == 0, result.Describe());
        // The corpus must exercise rejections (most cases) and acceptances (some), or it tests nothing.
        Assert.InRange(result.Rejected, corpus.Count / 3, corpus.Count - 10);
    }

    [Fact]
    public void Parse_DeepNesting_IsAnErrorAtTheLevelPastTheLimit()
    {
        // The root mapping and 'checks' are two levels: the 63rd '[' (column 6 + 62) is the 65th level.
        var yaml = "checks:\n  a: " + new string('[', 100_000) + "\n";

        var error = TestConfig.Error(yaml);

        Assert.Equal((2, 6 + 62), (error.Line, error.Column));
        Assert.Contains("nested deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsOnlyATypeError()
    {
        var yaml = "checks:\n  a: " + new string('[', 62) + new string(']', 62) + "\n";

        var error = TestConfig.Error(yaml);

        Assert.Contains("expected a check", error.Message, StringComparison.Ordinal);
    }

    /// <summary>YamlDotNet's scanner throws InvalidOperationException (not a YamlException) on this unclosed '{'.</summary>
    [Fact]
    public void Parse_UnclosedBraceBeforeATopLevelKey_IsASyntaxErrorWithPosition()
    {
        var source = TestConfig.SourcePath();

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse("checks:\n  a: { tcp: { host: 127.0.0.1, port: 1 }\nservices:\n  s: { run: x }\n", source));

        var error = Assert.Single(ex.Errors);
        Assert.True(error.Line >= 2, error.ToString());
        Assert.StartsWith($"{source}:{error.Line}:{error.Column}: YAML syntax error", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checks: {\n")]
    [InlineData("checks:\n  a: [\n")]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 }\n")]
    [InlineData("checks:\n  a: { tcp: [h, 1 }\n")]
    [InlineData("checks:\n  a: \"unterminated\n")]
    [InlineData("checks:\n  a: *nowhere\n")]
    [InlineData("checks:\n\t a: b\n")]
    public void Parse_SyntaxError_OneErrorWithoutYamlDotNetPositions(string yaml)
    {
        var error = TestConfig.Error(yaml);

        Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecursiveAlias_IsAnError()
    {
        var error = TestConfig.Error("checks:\n  a: &y { all: [*y] }\n");

        Assert.Equal((2, 17), (error.Line, error.Column));
        Assert.Contains("the alias *y is inside the node it refers to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AliasBomb_IsAnError()
    {
        var yaml = new System.Text.StringBuilder("x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        yaml.Append("services:\n  s: { run: sleep 1, depends_on: *a9 }\nchecks:\n  c: { all: *a9 }\n");

        var error = TestConfig.Error(yaml.ToString());

        Assert.True(error.Line is >= 1 and <= 10, error.ToString());
        Assert.Contains("more than 100000 nodes once its aliases are expanded", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The structural mutations are in the corpus and do what they are for: a dependency cycle, an alias bomb and a duration
    /// past the maximum are always rejected, a long chain of references too, each with the matching message in some case.
    /// </summary>
    [Fact]
    public void Corpus_StructuralMutations_RejectedWithTheirMessages()
    {
        var corpus = YamlFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, CorpusSize);
        var expectations = new (string Mutation, string Message, Func<string, bool> MustReject)[]
        {
            ("add a dependency cycle", "dependency cycle", _ => true),
            ("levels of chained anchors", "once its aliases are expanded", m => m.Contains("append 10 levels", StringComparison.Ordinal) || m.Contains("append 9 levels", StringComparison.Ordinal)),
            ("with 1194h", "is longer than the maximum duration of 168h", _ => true),
            ("references between checks", "nest deeper than 32 (reference_depth)", m => System.Text.RegularExpressions.Regex.IsMatch(m, @"a chain of \d{4,} ")),
        };

        foreach (var (mutation, message, mustReject) in expectations)
        {
            var cases = corpus.Where(c => c.Mutations.Contains(mutation, StringComparison.Ordinal)).ToList();
            var messages = new List<string>();
            foreach (var fuzz in cases)
            {
                try
                {
                    TestConfig.Parse(fuzz.Text);
                    Assert.False(mustReject(fuzz.Mutations) && !fuzz.Mutations.Contains(';', StringComparison.Ordinal), $"{fuzz} loads");
                }
                catch (ConfigException ex)
                {
                    messages.Add(ex.Message);
                }
            }

            Assert.True(cases.Count >= 3, $"only {cases.Count} cases of '{mutation}'");
            Assert.True(messages.Any(m => m.Contains(message, StringComparison.Ordinal)), $"no case of '{mutation}' reports '{message}'");
        }
    }

    /// <summary>Found by the corpus: a quoted multi-line value made one error span several lines of the message.</summary>
    [Fact]
    public void Parse_MultiLineValueInAnError_EachErrorIsOneLine()
    {
        var source = TestConfig.SourcePath();

        var ex = Assert.Throws<ConfigException>(() => TestConfig.Parse("checks:\n  a:\n    tcp: { host: h, port: 1 }\n    serve: |\n      x\n      y\n", source));

        var line = Assert.Single(ex.Message.Split('\n'));
        Assert.StartsWith($"{source}:4:12: serve: expected true or false, found 'x\\ny\\n'", line, StringComparison.Ordinal);
    }

    /// <summary>Loads the case: a description of what went wrong (null when nothing did), and whether it was rejected.</summary>
    private static (string? Failure, bool Rejected) Check(YamlFuzzCase fuzz, string source)
    {
        try
        {
            HaleConfigLoader.Parse(fuzz.Text, source);
            return (null, false);
        }
        catch (ConfigException ex)
        {
            var bad = ex.Errors.Where(e => e.Line < 1 || e.Column < 1 || e.File != source).Select(e => e.ToString())
                .Concat(ex.Message.Split('\n').Where(line => !ErrorLine(source).IsMatch(line)))
                .ToList();
            return (bad.Count == 0 ? null : $"{fuzz}: errors without a position:\n  {string.Join("\n  ", bad)}\ntext:\n{fuzz.Text}", true);
        }
#pragma warning disable CA1031 // Any other exception is the failure this test looks for.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ($"{fuzz}: {ex.GetType().Name} escaped: {ex}\ntext:\n{fuzz.Text}", false);
        }
    }

    private static Regex ErrorLine(string source) => new($"^{Regex.Escape(source)}:\\d+:\\d+: .+$", RegexOptions.Singleline);
}
