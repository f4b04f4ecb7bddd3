using System.Net;
using System.Net.Sockets;

namespace Hale.HAProxy.Tests;

public sealed class HAProxyEndpointTests
{
    [Fact]
    public void Parse_TcpIPv4_HostAndPort()
    {
        var endpoint = HAProxyEndpoint.Parse("tcp://127.0.0.1:9902");

        Assert.False(endpoint.IsUnix);
        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.Equal(9902, endpoint.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9902), endpoint.ToEndPoint());
    }

    [Fact]
    public void Parse_TcpIPv6InBrackets_HostWithoutBrackets()
    {
        var endpoint = HAProxyEndpoint.Parse("tcp://[::1]:8800");

        Assert.Equal("::1", endpoint.Host);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 8800), endpoint.ToEndPoint());
    }

    [Fact]
    public void Parse_TcpHostName_ResolvesLater()
    {
        var endpoint = HAProxyEndpoint.Parse("tcp://localhost:8800");

        Assert.Equal(new DnsEndPoint("localhost", 8800), endpoint.ToEndPoint());
    }

    [Fact]
    public void Parse_Unix_Path()
    {
        var endpoint = HAProxyEndpoint.Parse("unix:///run/haproxy/admin.sock");

        Assert.True(endpoint.IsUnix);
        Assert.Equal("/run/haproxy/admin.sock", endpoint.UnixPath);
        Assert.IsType<UnixDomainSocketEndPoint>(endpoint.ToEndPoint());
        Assert.Equal("unix:///run/haproxy/admin.sock", endpoint.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:9902")]
    [InlineData("tcp://127.0.0.1")]
    [InlineData("tcp://:9902")]
    [InlineData("tcp://127.0.0.1:0")]
    [InlineData("tcp://127.0.0.1:65536")]
    [InlineData("tcp://127.0.0.1:+99")]
    [InlineData("tcp://::1:9902")]
    [InlineData("tcp://[::1]9902")]
    [InlineData("tcp://[127.0.0.1]:9902")]
    [InlineData("unix://relative.sock")]
    [InlineData("unix://")]
    public void TryParse_Invalid_IsFalse(string text)
    {
        Assert.False(HAProxyEndpoint.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsWithTheCompatibleMessage()
    {
        var ex = Assert.Throws<FormatException>(() => HAProxyEndpoint.Parse("nope"));

        Assert.Equal("Invalid socket 'nope', must be of form \"tcp://127.0.0.1:9902\"", ex.Message);
    }

    [Fact]
    public void InvalidMessage_WithSingleQuote_QuotesLikePython()
    {
        Assert.Equal("Invalid socket \"it's\", must be of form \"tcp://127.0.0.1:9902\"", HAProxyEndpoint.InvalidMessage("it's"));
    }
}
