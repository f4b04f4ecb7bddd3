namespace Hale.Config.Tests;

public class HttpLimitsReaderTests
{
    [Fact]
    public void Parse_NoLimitKeys_Defaults()
    {
        var limits = TestConfig.Parse("http: { listen: 127.0.0.1:0 }\n").HttpLimits;

        Assert.Equal(1024, limits.MaxConnections);
        Assert.Equal(16 * 1024, limits.MaxRequestHeaderBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.KeepAliveTimeout);
    }

    [Fact]
    public void Parse_AllLimitKeys_Read()
    {
        const string yaml = "http:\n  max_connections: 5\n  max_request_header_bytes: 4096\n  request_headers_timeout: 2s\n  keep_alive_timeout: 1m\n";

        var limits = TestConfig.Parse(yaml).HttpLimits;

        Assert.Equal(new HttpLimits { MaxConnections = 5, MaxRequestHeaderBytes = 4096, RequestHeadersTimeout = TimeSpan.FromSeconds(2), KeepAliveTimeout = TimeSpan.FromMinutes(1) }, limits);
    }

    [Theory]
    [InlineData("max_connections: 0", "max_connections: 0 is out of range 1..1000000")]
    [InlineData("max_connections: many", "max_connections: expected an integer")]
    [InlineData("max_request_header_bytes: 100", "max_request_header_bytes: 100 is out of range 1024..1048576")]
    [InlineData("request_headers_timeout: 10ms", "request_headers_timeout: must be at least 1s")]
    [InlineData("keep_alive_timeout: 0", "keep_alive_timeout: must be greater than zero")]
    [InlineData("keep_alive_timeout: 200h", "keep_alive_timeout: '200h' is longer than the maximum duration of 168h (7 days)")]
    public void Parse_BadLimit_ErrorAtTheValue(string line, string message)
    {
        var error = TestConfig.Error($"http:\n  {line}\n");

        Assert.Equal((2, line.IndexOf(':', StringComparison.Ordinal) + 5), (error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
