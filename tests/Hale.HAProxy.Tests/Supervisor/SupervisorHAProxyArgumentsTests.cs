using Hale.HAProxy.Supervisor;
using Hale.LoadBalancers;

namespace Hale.HAProxy.Tests.Supervisor;

public sealed class SupervisorHAProxyArgumentsTests
{
    [Fact]
    public void TryParse_SocketAndPrograms_SplitsAtFirstColonThenFirstSlash()
    {
        Assert.True(SupervisorHAProxyArguments.TryParse(["tcp://localhost:8800", "instance1:plone01/plone0101", "a:b:c/d/e"], out var parsed, out _));

        Assert.Equal("localhost", parsed.Socket.Host);
        Assert.Equal(8800, parsed.Socket.Port);
        Assert.Equal(new ProgramMapping("instance1", new ServerAddress("plone01", "plone0101")), parsed.Programs[0]);
        Assert.Equal(new ProgramMapping("a", new ServerAddress("b:c", "d/e")), parsed.Programs[1]);
    }

    [Theory]
    [InlineData("localhost:8800")]
    [InlineData("tcp://localhost")]
    [InlineData("tcp://localhost:port")]
    [InlineData("udp://localhost:8800")]
    public void TryParse_BadSocket_ReportsTheOriginalText(string socket)
    {
        Assert.False(SupervisorHAProxyArguments.TryParse([socket, "a:b/c"], out _, out var error));

        Assert.Equal($"argument SOCKET: Invalid socket '{socket}', must be of form \"tcp://127.0.0.1:9902\"", error);
    }

    [Theory]
    [InlineData("instance2")]
    [InlineData("instance2:plone04")]
    [InlineData(":plone04/plone0402")]
    [InlineData("instance2:/plone0402")]
    [InlineData("instance2:plone04/")]
    public void TryParse_BadProgram_ReportsTheOriginalText(string program)
    {
        Assert.False(SupervisorHAProxyArguments.TryParse(["tcp://127.0.0.1:9902", program], out _, out var error));

        Assert.Equal(
            $"argument PROGRAMS: Invalid program '{program}'. Must be of form \"supervisorProgram:HaProxyBackend/HaProxyServer\", e.g. \"instance2:plone04/plone0402\"",
            error);
    }

    [Fact]
    public void TryParse_NoPrograms_IsAnError()
    {
        Assert.False(SupervisorHAProxyArguments.TryParse(["tcp://127.0.0.1:9902"], out _, out var error));

        Assert.Equal("the following arguments are required: PROGRAMS", error);
    }

    [Fact]
    public void TryParse_Nothing_IsAnError()
    {
        Assert.False(SupervisorHAProxyArguments.TryParse([], out _, out var error));

        Assert.Equal("the following arguments are required: SOCKET, PROGRAMS", error);
    }
}
