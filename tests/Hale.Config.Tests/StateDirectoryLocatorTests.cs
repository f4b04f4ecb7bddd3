namespace Hale.Config.Tests;

public class StateDirectoryLocatorTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "hale-locator");
    private static readonly string File = Path.Combine(Folder, "hale.yaml");

    [Fact]
    public void FromText_NoStateDir_DefaultBesideTheFile()
    {
        var dir = StateDirectoryLocator.FromText("checks:\n  a: { command: \"true\" }\n", File);

        Assert.Equal(Path.Combine(Folder, "state"), dir);
    }

    [Fact]
    public void FromText_ValidYaml_SameAsTheLoader()
    {
        var source = TestConfig.SourcePath();
        const string yaml = "state_dir: ../var/hale\nchecks:\n  a: { command: \"true\" }\n";

        var dir = StateDirectoryLocator.FromText(yaml, source);

        Assert.Equal(TestConfig.Parse(yaml, source).StateDirectory, dir);
        Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "var", "hale")), dir);
    }

    [Fact]
    public void FromText_NoStateDir_SameAsTheLoader()
    {
        var source = TestConfig.SourcePath();
        const string yaml = "checks:\n  a: { command: \"true\" }\n";

        Assert.Equal(TestConfig.Parse(yaml, source).StateDirectory, StateDirectoryLocator.FromText(yaml, source));
    }

    [Fact]
    public void FromText_AbsoluteInFlowMapping_IsUsed()
    {
        var dir = StateDirectoryLocator.FromText("{ state_dir: /var/lib/hale, checks: {} }", File);

        Assert.Equal("/var/lib/hale", dir);
    }

    [Fact]
    public void FromText_OtherErrorsInValidYaml_StillFound()
    {
        var dir = StateDirectoryLocator.FromText("state_dir: /srv/hale\nchecks:\n  a: { tcp: { port: nope } }\nunknown: 1\n", File);

        Assert.Equal("/srv/hale", dir);
    }

    [Theory]
    [InlineData("http: { listen: 127.0.0.1:1\nstate_dir: /srv/hale\nchecks: {\n")]
    [InlineData("checks:\n  a: [unterminated\nstate_dir: /srv/hale # where the socket is\n")]
    [InlineData("state_dir: \"/srv/hale\"\nchecks: {\n")]
    [InlineData("state_dir: '/srv/hale'   \r\nchecks: {\r\n")]
    [InlineData("services:\n  a:\n    state_dir: /elsewhere\n\tbad tab\nstate_dir:   /srv/hale\n")]
    public void FromText_BrokenYaml_TopLevelLineFound(string yaml)
    {
        var dir = StateDirectoryLocator.FromText(yaml, File);

        Assert.Equal("/srv/hale", dir);
    }

    [Theory]
    [InlineData("checks: {\n")]
    [InlineData("checks: {\n  state_dir: /not/top/level\n")]
    [InlineData("state_dir:\nchecks: {\n")]
    [InlineData("state_dirs: /srv/other\nchecks: {\n")]
    [InlineData("")]
    public void FromText_BrokenYamlWithoutTopLevelKey_DefaultBesideTheFile(string yaml)
    {
        var dir = StateDirectoryLocator.FromText(yaml, File);

        Assert.Equal(Path.Combine(Folder, "state"), dir);
    }

    [Fact]
    public void FromText_BrokenYamlRelativeValue_RelativeToTheFile()
    {
        var dir = StateDirectoryLocator.FromText("state_dir: run/hale\nchecks: [\n", File);

        Assert.Equal(Path.Combine(Folder, "run", "hale"), dir);
    }

    [Fact]
    public void FromFile_MissingFile_DefaultBesideIt()
    {
        var missing = Path.Combine(TestConfig.NewDirectory(), "nowhere.yaml");

        var dir = StateDirectoryLocator.FromFile(missing);

        Assert.Equal(Path.Combine(Path.GetDirectoryName(missing)!, "state"), dir);
    }

    [Fact]
    public void FromFile_BrokenFile_ReadsItsStateDir()
    {
        var folder = TestConfig.NewDirectory();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "hale.yaml");
        System.IO.File.WriteAllText(path, "state_dir: ./var\nservices: { web: { run: x\n");

        var dir = StateDirectoryLocator.FromFile(path);

        Assert.Equal(Path.Combine(folder, "var"), dir);
    }
}
