using System.Text;
using Hale.Auth;

namespace Hale.Tests.Auth;

public sealed class BasicCredentialsTests
{
    private static string Encode(string credentials) => Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public void TryParse_GoodHeader_ReturnsUserAndPassword()
    {
        string header = "Basic " + Encode("alice:s3cret");

        bool parsed = BasicCredentials.TryParse(header, out string user, out string password);

        Assert.True(parsed);
        Assert.Equal("alice", user);
        Assert.Equal("s3cret", password);
    }

    [Theory]
    [InlineData("basic ")]
    [InlineData("BASIC ")]
    [InlineData("Basic    ")]
    public void TryParse_SchemeCaseOrExtraSpaces_Accepted(string prefix)
    {
        string header = prefix + Encode("alice:s3cret");

        bool parsed = BasicCredentials.TryParse(header, out string user, out string password);

        Assert.True(parsed);
        Assert.Equal("alice", user);
        Assert.Equal("s3cret", password);
    }

    [Fact]
    public void TryParse_PasswordWithColons_SplitsAtFirstColon()
    {
        string header = "Basic " + Encode("alice:pa:ss:");

        bool parsed = BasicCredentials.TryParse(header, out string user, out string password);

        Assert.True(parsed);
        Assert.Equal("alice", user);
        Assert.Equal("pa:ss:", password);
    }

    [Fact]
    public void TryParse_Utf8Credentials_Decoded()
    {
        string header = "Basic " + Encode("jürgen:pässwörd");

        bool parsed = BasicCredentials.TryParse(header, out string user, out string password);

        Assert.True(parsed);
        Assert.Equal("jürgen", user);
        Assert.Equal("pässwörd", password);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Negotiate abc")]
    [InlineData("Bearer YWxpY2U6czNjcmV0")]
    [InlineData("BasicYWxpY2U6czNjcmV0")]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic YWxpY2U6czNjcmV0=")]
    [InlineData("Basic YWxpY2U6 czNjcmV0")]
    [InlineData("Basic YWxpY2U=")]
    [InlineData("Basic /w==")]
    public void TryParse_BadHeader_ReturnsFalseAndEmpty(string? header)
    {
        bool parsed = BasicCredentials.TryParse(header, out string user, out string password);

        Assert.False(parsed);
        Assert.Equal(string.Empty, user);
        Assert.Equal(string.Empty, password);
    }
}
