using Hale.Config.Values;

namespace Hale.Config.Tests.Values;

public class DurationParserTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "500ms", 500 },
        { "10s", 10_000 },
        { "1.5s", 1_500 },
        { "2m", 120_000 },
        { "1h", 3_600_000 },
        { "1m30s", 90_000 },
        { "1h30m", 5_400_000 },
        { "1s250ms", 1_250 },
        { "0", 0 },
        { "0s", 0 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_ValidText_GivesTheDuration(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("10", "duration needs a unit (ms, s, m, h)")]
    [InlineData("1.5", "duration needs a unit (ms, s, m, h)")]
    [InlineData("-1", "duration needs a unit (ms, s, m, h)")]
    [InlineData("-1s", "bad duration")]
    [InlineData("10 s", "bad duration")]
    [InlineData("s", "bad duration")]
    [InlineData("", "bad duration")]
    [InlineData("1d", "bad duration")]
    [InlineData("30s1m", "bad duration")]
    [InlineData("1m1m", "bad duration")]
    [InlineData(".5s", "bad duration")]
    public void TryParse_InvalidText_Fails(string text, string message)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BareNumberTimeout_ReportsNeedsAUnitAtTheValue()
    {
        var error = TestConfig.Error("checks:\n  a:\n    command: { run: \"true\", timeout: 5 }\n");

        Assert.Equal((3, 38), (error.Line, error.Column));
        Assert.Equal("timeout: duration needs a unit (ms, s, m, h): '5'", error.Message);
    }
}
