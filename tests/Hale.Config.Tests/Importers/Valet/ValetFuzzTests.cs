using Hale.Config.Importers;
using Hale.Config.Importers.Valet;
using Hale.Testing.Fuzz;

namespace Hale.Config.Tests.Importers.Valet;

/// <summary>
/// A seeded corpus of mutated ha_valet files (<see cref="ImportFuzzCorpus"/>, from the README's examples and one with every
/// construct): each is loaded as a file; it loads, or is rejected with <see cref="ConfigException"/> only, every error at a line
/// of at least 1; and whenever the importer accepts a text, the native loader accepts what it wrote.
/// </summary>
public sealed class ValetFuzzTests
{
    private const int CorpusSize = 1_200;

    private const string EveryConstruct = """
        # every construct
        :Web
            host = node1
            user = stack
            port = 8090
            protocol = http
            order = 2
            priority = 1
            dir = /opt/web
            start_command="cd %(dir)s && @WEB@ start %s" % (port)
            stop_command='pkill -f \'web %s\'' % port
            test_command="exit $(awk \'{print $1}\' /tmp/state)"
        :Db
            host = node1
            standy_by_list = node1, node2
            user = stack
            port = 5432
            protocol = tcp
            priority = 2
            start_command="ssh %s@%s 'db start'" % (user, host)
            stop_command="ssh %s@%s 'db stop'" % (user, host)
            test_command="ssh %s@%s 'exit 1'" % (user, host)
        """;

    [Fact]
    public async Task Load_FuzzCorpus_LoadsOrRejectsWithLineNumbers()
    {
        var origins = new List<KeyValuePair<string, string>>
        {
            new("ha_valet.host_a.cfg", ValetFixtures.Text(ValetFixtures.HostA)),
            new("ha_valet.host_b.cfg", ValetFixtures.Text(ValetFixtures.HostB)),
            new("every-construct.cfg", EveryConstruct),
        };
        var corpus = ImportFuzzCorpus.Generate(YamlFuzzCorpus.DefaultSeed, CorpusSize, origins);
        var directory = TestConfig.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "ha_valet.cfg");
        var result = await FuzzRunner.RunAsync(
            corpus.Count,
            i =>
            {
                File.WriteAllBytes(path, corpus[i].Bytes);
                var (failure, rejected) = Check(corpus[i].Case, path);
                return (failure is { Length: > 1500 } ? failure[..700] + " … " + failure[^700..] : failure, rejected);
            },
            i => corpus[i].Case.ToString());

        Assert.True(result.Failures.Count == 0, result.Describe());
        Assert.InRange(result.Rejected, corpus.Count / 10, corpus.Count - 10);
    }

    private static (string? Failure, bool Rejected) Check(YamlFuzzCase fuzz, string path)
    {
        try
        {
            // The importer alone: whatever it accepts, the native loader must accept too (else the importer has a bug).
            if (Record.Exception(() => HaleConfigLoader.ReadText(path)) is null)
            {
                var imported = new ValetImporter().Import(HaleConfigLoader.ReadText(path), path);
                if (imported.Errors.Count == 0 && Record.Exception(() => HaleConfigLoader.Parse(imported.NativeYaml!, path)) is { } native)
                {
                    return ($"{fuzz}: the importer accepted it but the native loader rejected its YAML: {native.Message}", false);
                }

                if (imported.Errors.Any(e => e.Line < 1))
                {
                    return ($"{fuzz}: import errors without a line: {string.Join("; ", imported.Errors)}", true);
                }
            }

            HaleConfigLoader.Load(path, ConfigFormat.Valet);
            return (null, false);
        }
        catch (ConfigException ex)
        {
            var bad = ex.Errors.Where(e => e.Line < 1 || e.File != path).ToList();
            return bad.Count == 0 ? (null, true) : ($"{fuzz}: errors without a line: {string.Join("; ", bad)}", true);
        }
#pragma warning disable CA1031 // The test reports any other exception as a failure of the case.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ($"{fuzz}: {ex.GetType().Name} escaped: {ex.Message}", true);
        }
    }
}
