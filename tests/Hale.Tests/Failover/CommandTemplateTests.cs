using Hale.Failover;

namespace Hale.Tests.Failover;

public class CommandTemplateTests
{
    [Theory]
    [InlineData("ssh {user}@{host} 'exit $(status)'", "host-b", "stack", "ssh stack@host-b 'exit $(status)'")]
    [InlineData("cat /state/{host}; ping {host}", "10.0.0.2", null, "cat /state/10.0.0.2; ping 10.0.0.2")]
    [InlineData("echo ${HOME} {a,b} {Host} {host", "h1", "u", "echo ${HOME} {a,b} {Host} {host")]
    [InlineData("ssh {user}@[{host}]", "fe80::1", "u", "ssh u@[fe80::1]")]
    [InlineData("no placeholders", "h", null, "no placeholders")]
    public void Bind_Template_ReplacesOnlyHostAndUser(string template, string host, string? user, string expected)
    {
        Assert.Equal(expected, CommandTemplate.Bind(template, host, user));
    }

    [Theory]
    [InlineData("h; rm -rf /", "u")]
    [InlineData("h'", "u")]
    [InlineData("h", "u$(id)")]
    [InlineData("h", "u x")]
    [InlineData("-oProxyCommand=x", "u")]
    [InlineData("", "u")]
    public void Bind_UnsafeValue_Throws(string host, string user)
    {
        var ex = Assert.Throws<ArgumentException>(() => CommandTemplate.Bind("ssh {user}@{host} true", host, user));

        Assert.True(ex.Message.StartsWith("host", StringComparison.Ordinal) || ex.Message.StartsWith("user", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void Bind_UserUsedButMissing_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CommandTemplate.Bind("ssh {user}@{host} true", "h", null));

        Assert.Contains("{user}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnsafeUserButUnused_Binds()
    {
        Assert.Equal("test -e /s/h", CommandTemplate.Bind("test -e /s/{host}", "h", "not used!"));
    }

    [Fact]
    public void CheckValue_BadCharacter_NamesValueAndCharacter()
    {
        Assert.Equal(
            "host 'a/b' holds '/', which is not allowed unquoted in a command (letters, digits and . _ - : only)",
            CommandTemplate.CheckValue("host", "a/b"));
        Assert.Null(CommandTemplate.CheckValue("host", "db-1.example.org"));
    }
}
