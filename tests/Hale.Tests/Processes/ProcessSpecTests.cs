using Hale.Processes;

namespace Hale.Tests.Processes;

public sealed class ProcessSpecTests
{
    [Fact]
    public void Validate_CommandLine_NoErrors() => Assert.Empty(new ProcessSpec { CommandLine = "sleep 1", Owner = "o" }.Validate());

    [Fact]
    public void Validate_Argv_NoErrors() => Assert.Empty(new ProcessSpec { Argv = ["sleep", "1"], Owner = "o" }.Validate());

    [Fact]
    public void Validate_NeitherCommandLineNorArgv_Error() =>
        Assert.Equal(["give CommandLine or Argv"], new ProcessSpec { Owner = "o" }.Validate());

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var spec = new ProcessSpec
        {
            CommandLine = "x",
            Argv = [],
            WorkingDirectory = "",
            User = " ",
            Environment = new Dictionary<string, string> { ["A=B"] = "1", ["HALE_OWNER"] = "x", ["OK"] = "nul\0" },
            Owner = "",
        };

        Assert.Equal(
            [
                "give CommandLine or Argv, not both",
                "Argv needs a program as its first element",
                "WorkingDirectory is empty",
                "User is empty",
                "Owner is required: it is the HALE_OWNER marker",
                "Environment has an invalid variable name 'A=B'",
                "Environment may not set HALE_OWNER: it is the Owner",
                "Environment[OK] contains a NUL character",
            ],
            spec.Validate());
    }

    [Fact]
    public void ToString_Argv_QuotesEmptyArgumentsAndThoseWithSpaces() =>
        Assert.Equal("python3 -c 'print( 1 )' ''", new ProcessSpec { Argv = ["python3", "-c", "print( 1 )", ""], Owner = "o" }.ToString());
}
