using Hale.Processes;

namespace Hale.Tests.Processes;

public sealed class ProcessSignalsTests
{
    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("SIGTERM", 15)]
    [InlineData("sigterm", 15)]
    [InlineData("15", 15)]
    [InlineData(" HUP ", 1)]
    [InlineData("INT", 2)]
    [InlineData("QUIT", 3)]
    [InlineData("KILL", 9)]
    [InlineData("USR1", 10)]
    [InlineData("SIGUSR2", 12)]
    [InlineData("64", 64)]
    public void Parse_NameOrNumber_ReturnsTheNumber(string text, int expected) => Assert.Equal(expected, ProcessSignals.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("SIG")]
    [InlineData("TERMINATE")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-9")]
    [InlineData("9x")]
    public void Parse_Unknown_ThrowsFormatException(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ProcessSignals.Parse(text));

        Assert.Contains($"unknown signal '{text}'", ex.Message);
    }

    [Theory]
    [InlineData(9, "SIGKILL")]
    [InlineData(15, "SIGTERM")]
    [InlineData(40, "signal 40")]
    public void Name_Number_ConventionalName(int signal, string expected) => Assert.Equal(expected, ProcessSignals.Name(signal));

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(3, 3, null)]
    [InlineData(128, 128, null)]
    [InlineData(137, null, 9)]
    [InlineData(143, null, 15)]
    [InlineData(192, null, 64)]
    [InlineData(255, 255, null)]
    public void FromRuntimeExitCode_Code_DecodesSignals(int code, int? exitCode, int? signal)
    {
        var exit = ProcessExit.FromRuntimeExitCode(code, DateTimeOffset.UnixEpoch);

        Assert.Equal(exitCode, exit.ExitCode);
        Assert.Equal(signal, exit.Signal);
    }
}
