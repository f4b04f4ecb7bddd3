using System.Net;
using Hale.Config.Values;

namespace Hale.Config.Tests.Values;

public class EndPointParserTests
{
    [Fact]
    public void Parse_ListenIpv4_IsThatEndPoint()
    {
        var config = TestConfig.Parse("http:\n  listen: 0.0.0.0:9090\n");

        Assert.Equal([new IPEndPoint(IPAddress.Any, 9090)], config.Listen);
    }

    [Fact]
    public void Parse_ListenQuotedIpv6_IsThatEndPoint()
    {
        var config = TestConfig.Parse("http:\n  listen: \"[::1]:8080\"\n");

        Assert.Equal([new IPEndPoint(IPAddress.IPv6Loopback, 8080)], config.Listen);
    }

    [Fact]
    public void Parse_ListenList_KeepsOrder()
    {
        var config = TestConfig.Parse("http:\n  listen:\n    - 127.0.0.1:8080\n    - \"[::1]:8081\"\n    - localhost:0\n");

        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, 8080), new IPEndPoint(IPAddress.IPv6Loopback, 8081), new IPEndPoint(IPAddress.Loopback, 0)],
            config.Listen);
    }

    [Fact]
    public void Parse_ListenLocalhost_IsIpv4Loopback()
    {
        var config = TestConfig.Parse("http:\n  listen: localhost:8080\n");

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8080)], config.Listen);
    }

    [Fact]
    public void Parse_ListenPort70000_IsAnErrorAtTheEntry()
    {
        var error = TestConfig.Error("http:\n  listen:\n    - 127.0.0.1:8080\n    - 127.0.0.1:70000\n");

        Assert.Equal((4, 7), (error.Line, error.Column));
        Assert.Equal("listen: port 70000 is out of range 0..65535", error.Message);
    }

    [Fact]
    public void Parse_HttpWithoutListen_UsesTheDefault()
    {
        var config = TestConfig.Parse("http: {}\n");

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8080)], config.Listen);
    }

    [Theory]
    [InlineData("127.0.0.1", "needs a port")]
    [InlineData("127.0.0.1:", "is not a number")]
    [InlineData("127.0.0.1:-1", "is not a number")]
    [InlineData("1.2.3:80", "is not an IPv4 address")]
    [InlineData("[::1", "is not [IPv6]")]
    [InlineData("[127.0.0.1]:80", "is not an IPv6 address")]
    [InlineData("::1:80", "in brackets")]
    [InlineData("host.example:80", "is not an IPv4 address")]
    public void TryParseListen_Invalid_Fails(string text, string message)
    {
        Assert.False(EndPointParser.TryParseListen(text, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1", 0)]
    [InlineData("10.0.0.1:25", "10.0.0.1", 25)]
    [InlineData("::1", "::1", 0)]
    [InlineData("[::1]:25", "::1", 25)]
    public void TryParseSource_Valid_GivesAddressAndPort(string text, string address, int port)
    {
        Assert.True(EndPointParser.TryParseSource(text, out var endPoint, out var error), error);

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }
}
