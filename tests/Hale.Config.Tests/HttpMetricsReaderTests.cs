namespace Hale.Config.Tests;

public class HttpMetricsReaderTests
{
    [Theory]
    [InlineData("http: { listen: 127.0.0.1:0 }\n", true)]
    [InlineData("checks: {}\n", true)]
    [InlineData("http: { metrics: true }\n", true)]
    [InlineData("http: { metrics: false }\n", false)]
    [InlineData("http: { metrics: FALSE }\n", false)]
    public void Parse_HttpMetrics_Read(string yaml, bool expected) =>
        Assert.Equal(expected, TestConfig.Parse(yaml).HttpMetrics);

    [Fact]
    public void Parse_HttpMetricsNotABoolean_ErrorAtTheValue()
    {
        var error = TestConfig.Error("http:\n  metrics: maybe\n");

        Assert.Equal((2, 12), (error.Line, error.Column));
        Assert.StartsWith("metrics:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownHttpKey_StillAnError()
    {
        var error = TestConfig.Error("http:\n  metric: true\n");

        Assert.Contains("metric", error.Message, StringComparison.Ordinal);
    }
}
