using Hale.Config.Importers;
using Hale.Config.Importers.Valet;

namespace Hale.Config.Tests.Importers.Valet;

public sealed class ValetImporterTests
{
    private const string Section = """
        :Web
            host = node1
            user = stack
            port = 8090
            protocol = http
            start_command="start %s" % (port)
            stop_command="stop"
            test_command="test"

        """;

    [Fact]
    public void Load_ReadmeHostA_BuildsTheOstroGroupAndTheAllegroService()
    {
        var config = HaleConfigLoader.Load(ValetFixtures.HostA, ConfigFormat.Valet);

        Assert.Equal("Host_A", config.Node);
        var ostro = Assert.Single(config.Groups);
        Assert.Equal("Ostro", ostro.Name);
        Assert.Equal([("Host_A", 1), ("Host_B", 2)], ostro.Members.Select(m => (m.Host, m.Priority)));
        Assert.Equal("stack", ostro.User);
        Assert.Equal(TimeSpan.FromSeconds(5), ostro.Interval);
        Assert.Equal("ssh {user}@{host} 'cd @OSTRO_SERVER_DIR@ ; sudo python ./ostro_daemon.py start'", ostro.Start);
        Assert.Equal("ssh {user}@{host} 'cd @OSTRO_SERVER_DIR@ ; sudo python ./ostro_daemon.py stop'", ostro.Stop);
        Assert.Equal("ssh {user}@{host} 'exit $(@OSTRO_SERVER_DIR@ ; sudo python ./ostro_daemon.py status ; echo $?)'", ostro.Test);
        var allegro = Assert.Single(config.Services);
        Assert.Equal("Allegro", allegro.Name);
        Assert.Equal("sudo python @ALLEGRO_WSGI_DIR@/wsgi.py &", allegro.StartCommand);
        Assert.Equal("sudo pkill -f wsgi", allegro.StopCommand);
        Assert.Equal(TimeSpan.FromSeconds(5), allegro.CheckInterval);
        Assert.Equal(10, allegro.Restart.Limit?.Starts);
        Assert.Null(allegro.Restart.Limit?.Hold);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Load_ReadmeHostB_IsTheSameGroupSeenFromHostB()
    {
        var config = HaleConfigLoader.Load(ValetFixtures.HostB, ConfigFormat.Valet);

        Assert.Equal("Host_B", config.Node);
        var ostro = Assert.Single(config.Groups);
        Assert.Equal([("Host_B", 2), ("Host_A", 1)], ostro.Members.Select(m => (m.Host, m.Priority)));
        Assert.Equal("Allegro", Assert.Single(config.Services).Name);
    }

    [Fact]
    public void Load_ReadmeFileWithoutFormat_IsDetected()
    {
        Assert.Equal(ConfigFormat.Valet, ConfigImporters.Detect(ValetFixtures.Text(ValetFixtures.HostA)));

        var config = HaleConfigLoader.Load(ValetFixtures.HostA, format: null);

        Assert.Equal("Ostro", Assert.Single(config.Groups).Name);
    }

    [Fact]
    public void Import_ReadmeAllegro_EvaluatesThePortAndUnescapesTheQuotes()
    {
        var result = Import(ValetFixtures.Text(ValetFixtures.HostA));

        var expected = YamlQuote.Scalar(ValetYamlWriter.AliveTest("netstat -nap  | grep 8090 | grep LISTEN | wc -l | exit $(awk '{print $1}')"));
        Assert.Contains("test: " + expected, result.NativeYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_Readme_CommentsWhereBehaviourDiffers()
    {
        var yaml = new ValetImporter().Import(ValetFixtures.Text(ValetFixtures.HostA), ValetFixtures.HostA).NativeYaml!;

        Assert.Contains("# ha_valet.host_a.cfg:2 :Ostro", yaml, StringComparison.Ordinal);
        Assert.Contains("# ha_valet.host_a.cfg:13 :Allegro (no stand_by_list)", yaml, StringComparison.Ordinal);
        Assert.Contains("its own file holds its priority", yaml, StringComparison.Ordinal);
        Assert.Contains("Hale also runs it when it stops", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# comment\n\n   :X\n", ConfigFormat.Valet)]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 } }\n", ConfigFormat.Hale)]
    [InlineData(":\n", ConfigFormat.Hale)]
    [InlineData("", ConfigFormat.Hale)]
    public void Detect_Text_NamesItsFormat(string text, ConfigFormat format)
    {
        Assert.Equal(format, ConfigImporters.Detect(text));
    }

    [Theory]
    [InlineData("standy_by_list", 9)]
    [InlineData("stand_by", 9)]
    public void Import_StandByMisspelling_IsStandByListWithAWarning(string key, int line)
    {
        var result = Import(Section + $"    {key} = node1, node2\n");

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith($"{Source}:{line}: '{key}' is read as 'stand_by_list'", warning, StringComparison.Ordinal);
        var group = Assert.Single(Load(result).Groups);
        Assert.Equal([("node1", 1), ("node2", 2)], group.Members.Select(m => (m.Host, m.Priority)));
    }

    [Fact]
    public void Import_OrderAndPriority_AreTheServiceOrderAndTheMemberPriority()
    {
        var text = Section + "    order = 3\n" + Section.Replace(":Web", ":Db", StringComparison.Ordinal)
            + "    priority = 2\n    stand_by_list = node0,node1\n";

        var config = Load(Import(text));

        Assert.Equal(3, Assert.Single(config.Services).Order);
        var group = Assert.Single(config.Groups);
        Assert.Equal([("node1", 2), ("node0", 1)], group.Members.Select(m => (m.Host, m.Priority)));
        Assert.Equal("start 8090", group.Start);
    }

    [Fact]
    public void Import_ValueWithSeveralEquals_KeepsEverythingAfterTheFirst()
    {
        var text = Section.Replace("stop_command=\"stop\"", "stop_command = \"a=b=c\"", StringComparison.Ordinal);

        Assert.Equal("a=b=c", Assert.Single(Load(Import(text)).Services).StopCommand);
    }

    [Fact]
    public void Import_CrLfLinesAndBom_ReadAsLf()
    {
        var text = "\uFEFF" + Section.Replace("\n", "\r\n", StringComparison.Ordinal);

        var service = Assert.Single(Load(Import(text)).Services);

        Assert.Equal("start 8090", service.StartCommand);
    }

    [Fact]
    public void Import_UnknownKey_IsWarnedAndMayBeNamedByACommand()
    {
        var text = Section.Replace("stop_command=\"stop\"", "stop_command=\"cd %(dir)s; stop\"", StringComparison.Ordinal) + "    dir = /opt/web\n";

        var result = Import(text);

        Assert.Equal($"{Source}:9: unknown key 'dir' in section ':Web' (ignored unless a command names it)", Assert.Single(result.Warnings));
        Assert.Equal("cd /opt/web; stop", Assert.Single(Load(result).Services).StopCommand);
    }

    [Fact]
    public void Import_TokensAndShellText_AreKeptAsWritten()
    {
        var text = Section.Replace("stop_command=\"stop\"", "stop_command='@DIR@/stop \\$HOME \"q\" {print}'", StringComparison.Ordinal);

        Assert.Equal("@DIR@/stop \\$HOME \"q\" {print}", Assert.Single(Load(Import(text)).Services).StopCommand);
    }

    [Fact]
    public void Import_SectionMissingARequiredKey_IsSkippedWithAWarningAndTheOthersRun()
    {
        var text = ":Broken\n    host = node1\n" + Section;

        var result = Import(text);

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.StartsWith($"{Source}:1: section ':Broken' lacks user, port, protocol", StringComparison.Ordinal));
        Assert.Equal("Web", Assert.Single(Load(result).Services).Name);
    }

    [Fact]
    public void Import_RepeatedSection_LastWinsWithAWarning()
    {
        var text = Section + Section.Replace("start %s", "again %s", StringComparison.Ordinal);

        var result = Import(text);

        Assert.Contains(result.Warnings, w => w.StartsWith($"{Source}:9: section ':Web' appears again (first at line 1)", StringComparison.Ordinal));
        Assert.Equal("again 8090", Assert.Single(Load(result).Services).StartCommand);
    }

    [Theory]
    [InlineData("host = node1\n:X\n", 1, "'host' is outside a section")]
    [InlineData(":X\n    just words\n", 2, "expected ':Name', 'key = value' or a '#' comment")]
    [InlineData(":X\n    = value\n", 2, "the key is missing")]
    [InlineData(":X\n    a-b = 1\n", 2, "'a-b' is not a key")]
    [InlineData(":\n", 1, "a section needs a name")]
    [InlineData(":/x\n", 1, "must not start with '/'")]
    public void Import_BadLine_IsAnErrorAtItsLine(string text, int line, string message)
    {
        var error = Assert.Single(Import(text).Errors);

        Assert.Equal((Source, line), (error.File, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    priority = 0\n", "priority: expected a whole number from 1 to 254, found '0'")]
    [InlineData("    priority = first\n", "priority: expected a whole number from 1 to 254")]
    [InlineData("    order = soon\n", "order: expected a whole number")]
    [InlineData("    stand_by_list = node1,bad host\n", "stand_by_list host 'bad host' holds ' '")]
    [InlineData("    stand_by_list = node1\n    start_command=\"run {host}\"\n", "which Hale's failover commands replace")]
    [InlineData("    test_command=\"%s %s\" % (port)\n", "test_command: the string has more %s than the 1 value(s)")]
    [InlineData("    test_command=probe now\n", "test_command: expected a quoted string")]
    [InlineData("    test_command=\"   \"\n", "test_command: the command is empty")]
    public void Import_BadValue_IsAnErrorAtItsLine(string lines, string message)
    {
        var text = Section + lines;

        var error = Assert.Single(Import(text).Errors);

        Assert.Equal(Source, error.File);
        Assert.Equal(Section.Split('\n').Length - 1 + lines.Split('\n').Length - 1, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_GroupUserUnsafeInACommand_IsAnErrorAtTheUserLine()
    {
        var text = Section.Replace("user = stack", "user = a;b", StringComparison.Ordinal) + "    stand_by_list = node1,node2\n";

        var error = Assert.Single(Import(text).Errors);

        Assert.Equal(3, error.Line);
        Assert.Contains("user 'a;b' holds ';'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_GroupsOnDifferentHosts_IsAnErrorAtTheSecondHost()
    {
        var text = Section + "    stand_by_list = node1,node2\n"
            + Section.Replace(":Web", ":Db", StringComparison.Ordinal).Replace("node1", "node2", StringComparison.Ordinal) + "    stand_by_list = node1,node2\n";

        var error = Assert.Single(Import(text).Errors);

        Assert.Equal(11, error.Line);
        Assert.Contains("Hale runs one node per file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_Only_KeepsThatSection()
    {
        var text = ValetFixtures.Text(ValetFixtures.HostA);

        var config = Load(new ValetImporter().Import(text, Source, only: "Allegro"));

        Assert.Empty(config.Groups);
        Assert.Equal("Allegro", Assert.Single(config.Services).Name);
        Assert.Equal(["Ostro", "Allegro"], ValetImporter.SectionNames(text));
    }

    [Fact]
    public void Import_NoSections_LoadsAsNothingToMonitor()
    {
        var config = Load(Import("# nothing yet\n"));

        Assert.Empty(config.Services);
        Assert.Empty(config.Groups);
    }

    [Fact]
    public void Load_FileWithErrors_ThrowsTheImportErrorsNamingTheOriginalFile()
    {
        var path = Path.Combine(TestConfig.NewDirectory(), "ha_valet.cfg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Section + "    priority = -1\n");

        var ex = Assert.Throws<ConfigException>(() => HaleConfigLoader.Load(path, ConfigFormat.Valet));

        Assert.Equal($"{path}:9:0: priority: expected a whole number from 1 to 254, found '-1'", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Load_ImportWarnings_AreTheConfigurationsWarnings()
    {
        var path = Path.Combine(TestConfig.NewDirectory(), "ha_valet.cfg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Section + "    colour = blue\n");

        var config = HaleConfigLoader.Load(path, ConfigFormat.Valet);

        Assert.Equal($"{path}:9: unknown key 'colour' in section ':Web' (ignored unless a command names it)", Assert.Single(config.Warnings));
    }

    private static readonly string Source = Path.Combine(TestConfig.NewDirectory(), "ha_valet.cfg");

    private static ImportResult Import(string text) => new ValetImporter().Import(text, Source);

    private static HaleConfiguration Load(ImportResult result)
    {
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return HaleConfigLoader.Parse(result.NativeYaml!, Source);
    }
}
