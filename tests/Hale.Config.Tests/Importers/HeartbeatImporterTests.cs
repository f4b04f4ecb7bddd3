using Hale.Actions;
using Hale.Config.Importers;
using Hale.Config.Importers.Heartbeat;

namespace Hale.Config.Tests.Importers;

public sealed class HeartbeatImporterTests
{
    private static readonly HeartbeatImporter Importer = HeartbeatImporter.Instance;

    [Fact]
    public void Import_ReadmeExample_LoadsWithTheCheckAndAnEveryCycleAction()
    {
        var source = TestConfig.SourcePath();

        var result = Importer.Import(ImporterFixtures.Text("heartbeat-readme.conf"), source);
        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(result), source);

        Assert.Empty(result.Warnings);
        Assert.Equal(["webapp"], config.Components.Select(c => c.Name));
        var action = Assert.Single(config.Actions);
        Assert.Equal("nginx", action.Name);
        Assert.Equal(["service nginx start"], action.Promote);
        Assert.Equal(["service nginx stop"], action.Demote);
        Assert.Equal(ActionRepeat.EveryCycle, action.Repeat);
        Assert.Single(action.When);
        Assert.Contains("url: \"http://localhost:8080/app/login\", expect: 200", result.NativeYaml, StringComparison.Ordinal);
        Assert.Contains("timeout: 5s", result.NativeYaml, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), config.ActionInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), config.CheckEvery);
    }

    [Fact]
    public void Import_FullExample_InheritsDefaultsInterpolatesAndKeepsFileOrder()
    {
        var source = TestConfig.SourcePath();

        var result = Importer.Import(ImporterFixtures.Text("heartbeat-full.conf"), source);
        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(result), source);

        Assert.Equal(["ssh", "api"], config.Components.Select(c => c.Name));
        Assert.Equal(["sentinel", "web"], config.Actions.Select(a => a.Name));
        Assert.Equal(["touch /tmp/health.html"], config.Actions[0].Promote);
        Assert.Equal(["rm -f /tmp/health.html"], config.Actions[0].Demote);
        Assert.All(config.Actions, a => Assert.Equal(2, a.When.Count));
        Assert.Contains("tcp: { host: \"localhost\", port: 22, timeout: 5s }", result.NativeYaml, StringComparison.Ordinal);
        Assert.Contains("url: \"https://api.example.org:8443/health\"", result.NativeYaml, StringComparison.Ordinal);
        Assert.Contains("timeout: 2.5s", result.NativeYaml, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), config.ActionInterval);
    }

    [Fact]
    public void Import_FullExample_WarnsForUnknownKeysAndSettingsWithoutANativeKey()
    {
        var source = TestConfig.SourcePath();

        var result = Importer.Import(ImporterFixtures.Text("heartbeat-full.conf"), source);
        var yaml = ImporterFixtures.Yaml(result);

        Assert.Contains($"{source}:35: [api] domain is not a check key", result.Warnings.Single(w => w.Contains("domain", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(result.Warnings, w => w.StartsWith($"{source}:8: [general] threads = 2: Hale has no limit", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith($"{source}:5: [general] pidfile = heartbeat.pid: ", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith($"{source}:10: [general] daemonize = no: ", StringComparison.Ordinal));
        Assert.Contains("# [general] threads = 2: Hale has no limit", yaml, StringComparison.Ordinal);
        Assert.Contains("# [general] logfile = heartbeat.log: no configuration key in Hale: hale run --log-file FILE", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FullExample_GivesTheGeneralSettings()
    {
        var (file, problems) = HeartbeatImporter.Read(ImporterFixtures.Text("heartbeat-full.conf"), "heartbeat.conf");

        Assert.Empty(problems.Errors);
        Assert.NotNull(file);
        Assert.Equal(("DEBUG", "heartbeat.log", "heartbeat.pid", 2, false, 30m), (file.General.LogLevel, file.General.LogFile, file.General.PidFile, file.General.Threads, file.General.Daemonize, file.General.IntervalSeconds));
        Assert.Null(file.General.User);
        Assert.Equal(HeartbeatCheckType.Https, file.Checks[1].Type);
        Assert.Equal(2.5m, file.Checks[1].TimeoutSeconds);
    }

    [Fact]
    public void Import_DefaultValues_AreSeenByEverySectionAndOverridden()
    {
        var text = "[promotions]\na = true\n[demotions]\na = false\n[DEFAULT]\nport = 80\nhostname = h\ntype = tcp\naction = a\n[one]\n[two]\nport = 81\n";

        var (file, problems) = HeartbeatImporter.Read(text, "h.conf");

        Assert.Empty(problems.Errors);
        Assert.Equal([("one", 80), ("two", 81)], file!.Checks.Select(c => (c.Name, c.Port)));
        Assert.Equal("true", Assert.Single(file.Actions).Promotion);
    }

    [Fact]
    public void Import_DefaultKeysInActionSections_AreNotActions()
    {
        var text = "[DEFAULT]\nhostname = h\nport = 1\ntype = tcp\naction = a\n[promotions]\na = up\n[demotions]\na = down\n[c]\n";

        var result = Importer.Import(text, "h.conf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.DoesNotContain("hostname", ImporterFixtures.Yaml(result).Split("actions:")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Import_InterpolationOfAMissingName_IsAnErrorAtTheLineOfTheKey()
    {
        var text = "[promotions]\na = touch %(flag)s\n[demotions]\na = rm %(flag)s\n[c]\ntype = tcp\nhostname = %(host)s\nport = 1\naction = a\n";

        var result = Importer.Import(text, "h.conf");

        Assert.Null(result.NativeYaml);
        Assert.Equal(
            ["h.conf:2:0: a: %(flag)s: no key 'flag' in [promotions] or [DEFAULT]", "h.conf:4:0: a: %(flag)s: no key 'flag' in [demotions] or [DEFAULT]", "h.conf:7:0: hostname: %(host)s: no key 'host' in [c] or [DEFAULT]"],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("a = %(b)s\nb = %(a)s", "deeper than 10 levels")]
    [InlineData("a = 50%(", "'%(' must be followed by a name and ')s'")]
    [InlineData("a = %(b", "'%(' must be followed by a name and ')s'")]
    public void Import_BadInterpolation_IsAnErrorAtTheKey(string promotions, string message)
    {
        var text = $"[promotions]\n{promotions}\n[demotions]\na = x\n[c]\ntype = tcp\nhostname = h\nport = 1\naction = a\n";

        var result = Importer.Import(text, "h.conf");

        Assert.Null(result.NativeYaml);
        Assert.Equal(2, result.Errors[0].Line);
        Assert.All(result.Errors, e => Assert.Contains(message, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Import_PercentSigns_DoubledIsOneAndALoneOneIsKept()
    {
        var text = "[promotions]\na = date +%s; echo 100%%\n[demotions]\na = x\n[c]\ntype = tcp\nhostname = h\nport = 1\naction = a\n";

        var (file, problems) = HeartbeatImporter.Read(text, "h.conf");

        Assert.Empty(problems.Errors);
        Assert.Equal("date +%s; echo 100%", file!.Actions[0].Promotion);
    }

    [Theory]
    [InlineData("type = smtp", 6, "[c] type: 'smtp' is not tcp, http or https")]
    [InlineData("port = 70000", 6, "[c] port: '70000' is not a whole number in 1..65535")]
    [InlineData("timeout = soon", 6, "[c] timeout: 'soon' is not a number of seconds")]
    [InlineData("timeout = 0", 6, "[c] timeout: '0' is not a number of seconds greater than 0")]
    [InlineData("action = b", 6, "[c] action: 'b' is not defined in [promotions] and [demotions]")]
    [InlineData("hostname = a b", 6, "[c] hostname: 'a b' is not a host name or address")]
    public void Import_BadCheckValue_IsAnErrorAtItsLine(string line, int at, string message)
    {
        var text = $"[promotions]\na = x\n[demotions]\na = y\n[c]\n{line}\n[DEFAULT]\ntype = tcp\nhostname = h\nport = 1\naction = a\n";

        var result = Importer.Import(text, "h.conf");

        var error = Assert.Single(result.Errors);
        Assert.Equal(at, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ActionWithoutDemotion_IsAnErrorAtTheCheckActionLine()
    {
        var text = "[promotions]\na = x\n[c]\ntype = tcp\nhostname = h\nport = 1\naction = a\n";

        var error = Assert.Single(Importer.Import(text, "h.conf").Errors);

        Assert.Equal("h.conf:7:0: [c] action: 'a' is not defined in [demotions] (each action needs a promotion and a demotion)", error.ToString());
    }

    [Fact]
    public void Import_MissingCheckKeys_AreErrorsAtTheSectionHeader()
    {
        var text = "[promotions]\na = x\n[demotions]\na = y\n\n[c]\naction = a\n";

        var errors = Importer.Import(text, "h.conf").Errors;

        Assert.Equal(["[c]: 'type' is missing", "[c]: 'hostname' is missing", "[c]: 'port' is missing"], errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal(6, e.Line));
    }

    [Theory]
    [InlineData("key = value\n[general]\n", 1, "'key' is outside any section")]
    [InlineData("[general]\njust words\n", 2, "expected 'key = value'")]
    [InlineData("[general\n", 1, "needs a closing ']'")]
    [InlineData("[general]\n= 5\n", 2, "a key name is missing before '='")]
    [InlineData("[general]\ninterval = -1\n", 2, "interval: '-1' is not a number of seconds")]
    [InlineData("[general]\nthreads = 0\n", 2, "threads: '0' is not a whole number in 1..1024")]
    [InlineData("[general]\ndaemonize = maybe\n", 2, "daemonize: 'maybe' is not yes, no")]
    public void Import_BadLine_IsAnErrorAtItsLine(string text, int line, string message)
    {
        var error = Assert.Single(Importer.Import(text, "h.conf").Errors);

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_UnknownLogLevel_WarnsAndUsesInfo()
    {
        var (file, problems) = HeartbeatImporter.Read("[general]\nloglevel = chatty\n", "h.conf");

        Assert.Equal("INFO", file!.General.LogLevel);
        Assert.Contains(problems.Warnings, w => w.StartsWith("h.conf:2: loglevel: 'chatty' is not DEBUG", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_KeysAndSeparators_AsConfigParserReadsThem()
    {
        var text = "[promotions]\nA: run --flag=1 ; a comment\n[demotions]\na = stop\n  --now\n# comment\n  ; indented comment\n[c]\nTYPE = Tcp\nhostname = h\nport = 1\naction = A\n";

        var (file, problems) = HeartbeatImporter.Read(text.Replace("\n", "\r\n", StringComparison.Ordinal), "h.conf");

        Assert.Empty(problems.Errors);
        var action = Assert.Single(file!.Actions);
        Assert.Equal(("a", "run --flag=1", "stop\n--now"), (action.Key, action.Promotion, action.Demotion));
        Assert.Equal(HeartbeatCheckType.Tcp, file.Checks[0].Type);
    }

    [Fact]
    public void Import_SameCommandForTwoActionKeys_IsWrittenOnce()
    {
        var text = "[promotions]\na = touch /tmp/up\nb = touch /tmp/up\n[demotions]\na = rm -f /tmp/up\nb = rm -f /tmp/b\n"
            + "[DEFAULT]\ntype = tcp\nhostname = h\nport = 1\n[c1]\naction = a\n[c2]\naction = b\n";
        var source = TestConfig.SourcePath();

        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(Importer.Import(text, source)), source);

        Assert.Equal([("a", 1, 1), ("b", 0, 1)], config.Actions.Select(a => (a.Name, a.Promote.Count, a.Demote.Count)));
    }

    [Fact]
    public void Import_CommandWithShellCharacters_IsQuotedWordByWord()
    {
        var text = "[promotions]\na = echo $HOME 'x y' a=b\n[demotions]\na = true\n[c]\ntype = tcp\nhostname = h\nport = 1\naction = a\n";
        var source = TestConfig.SourcePath();

        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(Importer.Import(text, source)), source);

        Assert.Equal(["'echo' '$HOME' ''\\''x' 'y'\\''' 'a=b'"], config.Actions[0].Promote);
        Assert.Equal(["true"], config.Actions[0].Demote);
    }

    [Fact]
    public void Import_RepeatedSectionAndKey_WarnAndTheLastValueWins()
    {
        var text = "[c]\nport = 1\n[promotions]\na = x\n[demotions]\na = y\n[c]\nport = 2\nport = 3\ntype = tcp\nhostname = h\naction = a\n";

        var (file, problems) = HeartbeatImporter.Read(text, "h.conf");

        Assert.Equal(3, Assert.Single(file!.Checks).Port);
        Assert.Contains(problems.Warnings, w => w.StartsWith("h.conf:7: section [c] appears again (first at line 1)", StringComparison.Ordinal));
        Assert.Contains(problems.Warnings, w => w.StartsWith("h.conf:9: [c] port is set again (before at line 8)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[general]\nloglevel = info\n", true)]
    [InlineData("# heartbeat\n[promotions]\r\nnginx = service nginx start\r\n", true)]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 } }\n", false)]
    [InlineData(":Ostro\nhost = a\n", false)]
    [InlineData("", false)]
    public void Detect_HeartbeatSections_AreRecognised(string text, bool expected) =>
        Assert.Equal(expected, Importer.Detect(text));

    [Fact]
    public void Format_IsHeartbeat() => Assert.Equal(ConfigFormat.Heartbeat, Importer.Format);
}
