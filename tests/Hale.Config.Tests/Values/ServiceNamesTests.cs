using Hale.Config.Values;

namespace Hale.Config.Tests.Values;

public class ServiceNamesTests
{
    [Fact]
    public void TryResolve_Smtp_Is25()
    {
        Assert.True(ServiceNames.TryResolve("smtp", ServiceNames.DefaultPath, out var port));

        Assert.Equal(25, port);
    }

    [Fact]
    public void TryResolve_UnknownName_Fails()
    {
        Assert.False(ServiceNames.TryResolve("no-such-service", ServiceNames.DefaultPath, out _));
    }

    [Fact]
    public void TryResolve_MissingDatabase_Fails()
    {
        Assert.False(ServiceNames.TryResolve("smtp", Path.Combine(TestConfig.NewDirectory(), "services"), out _));
    }

    [Theory]
    [InlineData("smtp\t\t25/tcp\t\tmail", "mail", true, 25)]
    [InlineData("http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP", "http", true, 80)]
    [InlineData("http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP", "WorldWideWeb", false, 0)]
    [InlineData("domain\t\t53/udp", "domain", false, 0)]
    [InlineData("# smtp 25/tcp", "smtp", false, 0)]
    [InlineData("smtp 25/tcp", "25/tcp", false, 0)]
    public void TryMatch_Line_MatchesTcpNamesAndAliasesOnly(string line, string name, bool matches, int port)
    {
        Assert.Equal(matches, ServiceNames.TryMatch(line, name, out var found));

        Assert.Equal(port, found);
    }
}
