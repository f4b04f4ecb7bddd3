using Hale.Config.Importers;
using Hale.Config.Importers.Autoheal;
using Hale.Config.Importers.Heartbeat;
using Hale.Testing.Fuzz;

namespace Hale.Config.Tests.Importers;

/// <summary>
/// Each format fuzzed with a seeded corpus (<see cref="YamlMutator"/> and <see cref="ForeignFormatMutator"/> over the fixtures;
/// invalid UTF-8 too): no exception escapes decoding, detection or the import; every rejection has a line number ≥ 1; and
/// every generated YAML loads with the native loader (a YAML it rejects would be a bug of the importer). A failure names the
/// case; <c>Case(format, seed, index)</c> regenerates it.
/// </summary>
public sealed class ImporterFuzzTests
{
    private const int CorpusSize = 1_000;

    public static TheoryData<string> Formats => ["heartbeat", "autoheal"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Import_FuzzCorpus_NoExceptionEveryRejectionHasALineAndEveryYamlLoads(string format)
    {
        var source = TestConfig.SourcePath();
        var result = await FuzzRunner.RunAsync(
            CorpusSize,
            i =>
            {
                var (name, bytes) = Case(format, YamlFuzzCorpus.DefaultSeed, i);
                var (failure, rejected) = Check(format, bytes, source);
                return (failure is null ? null : $"{name}: {(failure.Length > 3000 ? failure[..3000] + "…" : failure)}", rejected);
            },
            i => $"{format} case {i}");

        Assert.True(result.Failures.Count == 0, result.Describe());
        Assert.InRange(result.Rejected, CorpusSize / 10, CorpusSize - 10);
    }

    /// <summary>Case <paramref name="index"/> of <paramref name="seed"/> for <paramref name="format"/>: its description and bytes.</summary>
    internal static (string Name, byte[] Bytes) Case(string format, int seed, int index)
    {
        IReadOnlyList<KeyValuePair<string, string>> origins = format == "heartbeat"
            ? [new("heartbeat-readme.conf", ImporterFixtures.Text("heartbeat-readme.conf")), new("heartbeat-full.conf", ImporterFixtures.Text("heartbeat-full.conf"))]
            : [new("autoheal-readme.yaml", ImporterFixtures.Text("autoheal-readme.yaml"))];
        var yamlCase = YamlFuzzCorpus.Case(seed, index, origins);
        var random = new Random(unchecked((seed * 7919) + index));
        var mutator = new ForeignFormatMutator(random);
        var (text, step) = random.Next(2) == 0 ? mutator.Mutate(yamlCase.Text) : (yamlCase.Text, null);
        var bytes = mutator.ToBytes(text, out var utf8);
        var steps = string.Join("; ", new[] { yamlCase.Mutations, step, utf8 }.OfType<string>());
        return ($"{format} seed {seed} case {index} ({yamlCase.Origin}: {steps})", bytes);
    }

    private static (string? Failure, bool Rejected) Check(string format, byte[] bytes, string source)
    {
        IConfigImporter importer = format == "heartbeat" ? HeartbeatImporter.Instance : AutohealImporter.Instance;
        try
        {
            string text;
            try
            {
                text = ConfigText.Decode(bytes, source);
            }
            catch (ConfigException ex)
            {
                return (ex.Errors.All(e => e.Line >= 1) ? null : $"decoding error without a line: {ex.Message}", true);
            }

            _ = importer.Detect(text);
            var result = importer.Import(text, source);
            if (result.Errors.Count > 0)
            {
                var bad = result.Errors.Where(e => e.Line < 1 || e.File != source || e.Message.Contains('\n', StringComparison.Ordinal)).ToList();
                return (bad.Count == 0 && result.NativeYaml is null ? null : $"bad rejection: {string.Join("; ", bad)}", true);
            }

            if (result.NativeYaml is null || result.Warnings.Any(w => !w.StartsWith(source + ":", StringComparison.Ordinal)))
            {
                return ("no YAML and no error, or a warning without FILE:LINE", false);
            }

            try
            {
                HaleConfigLoader.Parse(result.NativeYaml, source);
                return (null, false);
            }
            catch (ConfigException ex)
            {
                return ($"the generated YAML does not load: {ex.Message}\n{result.NativeYaml}", false);
            }
        }
#pragma warning disable CA1031 // The point of the test: report any exception as a failure of the case.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ($"{ex.GetType().Name} escaped: {ex}", false);
        }
    }
}
