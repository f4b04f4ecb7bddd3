using Hale.Config.Importers;
using Hale.Config.Importers.Autoheal;

namespace Hale.Config.Tests.Importers;

public sealed class AutohealImporterTests
{
    private static readonly AutohealImporter Importer = AutohealImporter.Instance;

    [Fact]
    public void Import_ReadmeExample_LoadsAsDaemonsWithAliveDependenciesAndScripts()
    {
        var source = TestConfig.SourcePath();

        var result = Importer.Import(ImporterFixtures.Text("autoheal-readme.yaml"), source);
        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(result), source);

        Assert.Empty(result.Warnings);
        Assert.Equal(["nginx", "web_service"], config.Services.Select(s => s.Name));
        var (nginx, web) = (config.Services[0], config.Services[1]);
        Assert.Equal("sudo -u admin /home/admin/cai/bin/nginx-proxy -s restart", nginx.StartCommand);
        Assert.NotNull(nginx.Alive);
        Assert.Null(nginx.PidFile);
        Assert.Empty(nginx.DependsOn);
        Assert.Equal("sudo -u admin /home/admin/web_server/bin/startup.sh", web.StartCommand);
        Assert.Equal("/home/admin/web_server/conf/.web_server.pid", web.PidFile);
        Assert.Equal(["127.0.0.1:80", "http://middleware.host.com/check.htm"], web.DependsOn.Select(d => d.Name));
        Assert.True(nginx.Order < web.Order);
        Assert.Contains("tcp: { host: \"127.0.0.1\", port: 80, timeout: 3s }   # nginx (line 7)", result.NativeYaml, StringComparison.Ordinal);
        Assert.Contains("expect: 2xx, follow_redirects: true, timeout: 10s }   # middleware (line 10)", result.NativeYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReadmeExample_KeepsFileOrderAndDependencies()
    {
        var (file, problems) = AutohealImporter.Read(ImporterFixtures.Text("autoheal-readme.yaml"), "/etc/autoheal/conf.yaml");

        Assert.Empty(problems.Errors);
        Assert.Equal([("nginx", 1), ("web_service", 4)], file!.Services.Select(s => (s.Name, s.Line)));
        Assert.Equal("nginx", file.Services[0].Pname);
        Assert.Equal(["nginx", "middleware"], file.Services[1].Dependencies.Select(d => d.Name));
        Assert.Equal((string?)"127.0.0.1", file.Services[1].Dependencies[0].Host);
        Assert.Equal(80, file.Services[1].Dependencies[0].Port);
        Assert.Equal("http://middleware.host.com/check.htm", file.Services[1].Dependencies[1].Url);
    }

    [Fact]
    public void Import_RelativePidFile_IsRelativeToTheConfigurationFolder()
    {
        var (file, _) = AutohealImporter.Read("a:\n  pid_file: run/a.pid\n  script: start-a\n", "/etc/autoheal/conf.yaml");

        Assert.Equal("/etc/autoheal/run/a.pid", file!.Services[0].PidFile);
    }

    [Theory]
    [InlineData("a:\n  script: x\n", 1, "service 'a' needs pname, pid_file or both")]
    [InlineData("a:\n  pname: x\n", 1, "service 'a' needs script")]
    [InlineData("a:\n  pname: \"(\"\n  script: x\n", 2, "pname: not a valid regular expression")]
    [InlineData("a:\n  pname: x\n  script: [x]\n", 3, "script: expected a non-empty string")]
    [InlineData("a:\n  pname: x\n  script: x\n  dep:\n    - { name: d, host: h, port: 0 }\n", 5, "port: 0 is out of range 1..65535")]
    [InlineData("a:\n  pname: x\n  script: x\n  dep:\n    - { name: d, host: h }\n", 5, "dep: a dependency needs host and port (TCP) or url (HTTP)")]
    [InlineData("a:\n  pname: x\n  script: x\n  dep:\n    - { name: d, url: ftp://x/ }\n", 5, "url: 'ftp://x/' is not an absolute http or https URL")]
    [InlineData("a:\n  pname: x\n  script: x\n  dep: { name: d }\n", 4, "dep: expected a list")]
    [InlineData("- a\n", 1, "expected a mapping")]
    [InlineData("a: [\n", 2, "YAML syntax error")]
    [InlineData("# nothing\n", 1, "the file is empty")]
    public void Import_BadService_IsAnErrorAtTheOffendingLine(string text, int line, string message)
    {
        var result = Importer.Import(text, "conf.yaml");

        Assert.Null(result.NativeYaml);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_UnknownKeys_AreWarningsWithTheirLine()
    {
        var result = Importer.Import("a:\n  pname: x\n  script: x\n  retries: 3\n  dep:\n    - { name: d, host: h, port: 1, proto: tcp }\n", "conf.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Warnings.Count);
        Assert.StartsWith("conf.yaml:4: unknown key 'retries' in service 'a'", result.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("conf.yaml:6: unknown key 'proto' in a TCP dep", result.Warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Import_PidFileAndPname_BothGoToAlive()
    {
        var source = TestConfig.SourcePath();

        var result = Importer.Import("a:\n  pid_file: /run/a.pid\n  pname: \"a-daemon\"\n  script: start-a\n", source);
        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(result), source);

        Assert.Contains("alive: { pid_file: \"/run/a.pid\", pname: \"a-daemon\" }", result.NativeYaml, StringComparison.Ordinal);
        Assert.Equal("/run/a.pid", config.Services[0].PidFile);
    }

    [Fact]
    public void Import_ValuesWithQuotesAndNewlines_SurviveTheRoundTrip()
    {
        var source = TestConfig.SourcePath();
        var script = "printf '%s\\n' \"a \\\"b\\\"\" && echo done # not a comment";

        var result = Importer.Import($"\"we\\\"ird: name\":\n  pname: \"x\"\n  script: |\n    {script}\n    second line\n", source);
        var config = ImporterFixtures.Load(ImporterFixtures.Yaml(result), source);

        var service = Assert.Single(config.Services);
        Assert.Equal("we\"ird: name", service.Name);
        Assert.Equal($"{script}\nsecond line\n", service.StartCommand);
    }

    [Theory]
    [InlineData("nginx:\n  pname: nginx\n  script: restart\n", true)]
    [InlineData("web:\n  pid_file: /run/w.pid\n  dep: []\n  script: x\n", true)]
    [InlineData("services:\n  web:\n    run: x\n", false)]
    [InlineData("checks:\n  a: { tcp: { host: h, port: 1 } }\n", false)]
    [InlineData("[general]\nloglevel = info\n", false)]
    [InlineData("a: [\n", false)]
    [InlineData("", false)]
    public void Detect_AutohealServices_AreRecognised(string text, bool expected) =>
        Assert.Equal(expected, Importer.Detect(text));

    [Fact]
    public void Format_IsAutoheal() => Assert.Equal(ConfigFormat.Autoheal, Importer.Format);
}
