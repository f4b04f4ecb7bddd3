using Hale.Cli.Runtime;

namespace Hale.Cli.Tests;

public sealed class ControlSocketLocatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-locate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Find_StateDirGiven_WinsOverEverything()
    {
        var config = Write("hale.yaml", "state_dir: /from/file\n");

        var socket = ControlSocketLocator.Find("/srv/hale", config, Environment(config));

        Assert.Equal("/srv/hale/hale.sock", socket);
    }

    [Fact]
    public void Find_RelativeStateDir_RelativeToTheWorkingDirectory()
    {
        var socket = ControlSocketLocator.Find("state", null, Environment(null));

        Assert.Equal(Path.Combine(System.Environment.CurrentDirectory, "state", "hale.sock"), socket);
    }

    [Fact]
    public void Find_ConfigGiven_ItsStateDirWinsOverTheVariable()
    {
        var config = Write("hale.yaml", "state_dir: ./run\nchecks: {\n");
        var other = Write("other.yaml", "state_dir: /from/variable\n");

        var socket = ControlSocketLocator.Find(null, config, Environment(other));

        Assert.Equal(Path.Combine(_dir, "run", "hale.sock"), socket);
    }

    [Fact]
    public void Find_OnlyTheVariable_ItsFileIsRead()
    {
        var config = Write("hale.yaml", "state_dir: /from/variable\n");

        var socket = ControlSocketLocator.Find(null, null, Environment(config));

        Assert.Equal("/from/variable/hale.sock", socket);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Find_Nothing_DefaultEtcHaleConfig(string? variable)
    {
        var socket = ControlSocketLocator.Find(null, null, Environment(variable));

        // This machine's /etc/hale/hale.yaml, if it has one, may name another state_dir; without one, the default beside it.
        var expected = File.Exists("/etc/hale/hale.yaml")
            ? Path.Combine(Hale.Config.StateDirectoryLocator.FromFile("/etc/hale/hale.yaml"), "hale.sock")
            : "/etc/hale/state/hale.sock";
        Assert.Equal(expected, socket);
    }

    [Fact]
    public void Find_ConfigWithoutStateDir_DefaultStateBesideIt()
    {
        var config = Write("hale.yaml", "checks: {}\n");

        var socket = ControlSocketLocator.Find(null, config, Environment(null));

        Assert.Equal(Path.Combine(_dir, "state", "hale.sock"), socket);
    }

    private static Func<string, string?> Environment(string? haleConfig) =>
        name => name == "HALE_CONFIG" ? haleConfig : null;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
