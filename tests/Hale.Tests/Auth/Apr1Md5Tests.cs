using System.Text;
using Hale.Auth;

namespace Hale.Tests.Auth;

public sealed class Apr1Md5Tests
{
    // Expected values from `openssl passwd -apr1 -salt <salt> <password>`.
    [Theory]
    [InlineData("", "$apr1$abc$BfqKdn9xFDWJPa3kcp/PH0")]
    [InlineData("a much longer password, over 16 bytes: ok", "$apr1$12345678$ejsfJr.roA6fcfvkoq3b3/")]
    [InlineData("pässwörd", "$apr1$xy$opYesIT4qQnqOl4dmUTIR0")]
    [InlineData("s3cret", "$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/")]
    public void Compute_KnownSalt_MatchesOpenSsl(string password, string expected)
    {
        string hash = Apr1Md5.Compute(Encoding.UTF8.GetBytes(password), expected);

        Assert.Equal(expected, hash);
    }

    [Fact]
    public void Compute_SaltLongerThanEight_UsesFirstEight()
    {
        string hash = Apr1Md5.Compute("s3cret"u8, "$apr1$Ojtfqd4rEXTRA");

        Assert.Equal("$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/", hash);
    }
}
