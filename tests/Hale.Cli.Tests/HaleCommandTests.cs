namespace Hale.Cli.Tests;

public sealed class HaleCommandTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("ctl")]
    [InlineData("check")]
    [InlineData("supervisor-haproxy")]
    public void CreateFor_CommandName_BuildsThatCommandAlone(string name)
    {
        var root = HaleCommand.CreateFor([name, "--help"], TextWriter.Null, TextWriter.Null);

        Assert.Equal([name], root.Subcommands.Select(c => c.Name));
        Assert.Contains(root.Options, o => o.Name == "--log-level");
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("stauts")]
    public void CreateFor_NoCommandName_BuildsEveryCommand(string first)
    {
        string[] args = first.Length == 0 ? [] : [first, "-c", "hale.yaml"];

        var root = HaleCommand.CreateFor(args, TextWriter.Null, TextWriter.Null);

        Assert.Equal(HaleCommand.Create(TextWriter.Null, TextWriter.Null).Subcommands.Select(c => c.Name), root.Subcommands.Select(c => c.Name));
        Assert.Contains(root.Subcommands, c => c.Name == "run");
    }

    [Fact]
    public async Task InvokeAsync_CommandWithOption_ParsesAsTheWholeTreeDoes()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await HaleCommand.InvokeAsync(["ctl", "signal", "web"], stdout, stderr);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("ctl signal needs a signal", stderr.ToString(), StringComparison.Ordinal);
    }
}
