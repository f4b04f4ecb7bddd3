using Hale.Failover;
using Hale.Processes;

namespace Hale.Tests.Failover;

public class ValetProbeResultTests
{
    [Theory]
    [InlineData(0, false, "Down", null)]
    [InlineData(1, false, "Up", 1)]
    [InlineData(2, false, "Up", 2)]
    [InlineData(254, false, "Up", 254)]
    [InlineData(255, false, "Unreachable", null)]
    [InlineData(null, true, "TimedOut", null)]
    [InlineData(3, true, "TimedOut", null)]
    [InlineData(null, false, "Failed", null)]
    [InlineData(-1, false, "Failed", null)]
    [InlineData(256, false, "Failed", null)]
    public void FromExitCode_Code_MapsToKindAndPriority(int? exitCode, bool timedOut, string kind, int? priority)
    {
        var result = ValetProbeResult.FromExitCode(exitCode, timedOut);

        Assert.Equal(kind, result.Kind.ToString());
        Assert.Equal(priority, result.Priority);
        Assert.Equal(kind == "Up", result.IsUp);
    }

    [Fact]
    public void FromOutcome_StartError_FailedEvenWithExitCode()
    {
        var result = ValetProbeResult.FromOutcome(new CommandOutcome(3, false, string.Empty, TimeSpan.Zero, "no such file"));

        Assert.Equal(ValetProbeKind.Failed, result.Kind);
        Assert.Contains("could not start", result.Detail, StringComparison.Ordinal);
    }
}
