using Hale.Checks;
using Hale.Probes;
using Hale.Testing;

namespace Hale.Tests.Probes;

public sealed class CommandCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hale-cmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("exit 0", CheckStatus.Ok, 0)]
    [InlineData("exit 3", CheckStatus.Fail, 3)]
    [InlineData("/no/such/program", CheckStatus.Fail, 127)]
    public async Task CheckAsync_ExitCode_DecidesAndIsPriority(string command, CheckStatus expected, int exitCode)
    {
        var result = await new CommandCheck(command, TimeSpan.FromSeconds(10)).CheckAsync();

        Assert.Equal(expected, result.Status);
        Assert.Equal(exitCode, result.Priority);
    }

    [Fact]
    public async Task CheckAsync_Output_InDetail()
    {
        var result = await new CommandCheck("echo 'db lag 12s' >&2; exit 1", TimeSpan.FromSeconds(10)).CheckAsync();

        Assert.Equal("exit 1: db lag 12s", result.Detail);
    }

    [Fact]
    public async Task CheckAsync_Timeout_KillsTheWholeProcessGroup()
    {
        var pidFile = Path.Combine(_dir, "grandchild.pid");
        var command = $"sleep 60 & echo $! > {pidFile}; wait";

        var result = await new CommandCheck(command, TimeSpan.FromMilliseconds(500)).CheckAsync();
        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("timed out", result.Detail);
        Assert.True(await ProcessWaits.GoneAsync(grandchild), $"grandchild {grandchild} still alive");
    }
}
