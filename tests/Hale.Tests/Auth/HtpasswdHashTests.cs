using Hale.Auth;

namespace Hale.Tests.Auth;

public sealed class HtpasswdHashTests
{
    public static TheoryData<string, string> Vectors => new()
    {
        { "passw0rd", "$apr1$nBgOktmc$jXsQ0cpvHVyUrqTUEja3z0" },
        { "passw0rd", "{SHA}fGphxo74ubawYbKMNIvB7Xkhy1M=" },
        { "passw0rd", "Egx7EqedXsdyY" },
        { "U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" },
        { "U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" },
        { "s3cret", "$2y$05$H8u8ay.mgw1S7tryFirobORdTzrpDFjVVuSy5EL21XW1PU0txRzFe" },
        { "s3cret", "$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/" },
        { "s3cret", "{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=" },
        { "s3cret", "r5NMsfWTxeBOo" },
        { "s3cret", "$1$saltsalt$RwMqRjSWhXMKbW72DwzGd1" },
        { "s3cret", "$5$/L1f/1JtxzRnoo0S$qW7gT.jeHCDF/coedJr2ny6MgdqsCZ/6Pgr1mSF9GxC" },
        { "s3cret", "$6$U82NeUWVUJWq.wLY$JGU7wooAgJJn47Z/VT6kQSP5I8QqM2J0SOlpZBRhPjIDFvr8P2bXzM7XRrWoNSM7kO1.uaHsfwH9KcxFbJ8iz0" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_RightPassword_Granted(string password, string hash)
    {
        CredentialCheckResult result = HtpasswdHash.Verify(password, hash);

        Assert.Equal(new CredentialCheckResult(CredentialVerdict.Granted), result);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_WrongPassword_Denied(string password, string hash)
    {
        CredentialCheckResult result = HtpasswdHash.Verify("x" + password, hash);

        Assert.Equal(new CredentialCheckResult(CredentialVerdict.Denied), result);
    }

    [Theory]
    [InlineData("s3cret", "s3cret")]
    [InlineData("", "")]
    [InlineData("$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    public void Verify_PlaintextOrUnknownFormat_DeniedEvenWhenEqual(string password, string hash)
    {
        CredentialCheckResult result = HtpasswdHash.Verify(password, hash);

        Assert.Equal(CredentialVerdict.Denied, result.Verdict);
    }

    [Fact]
    public void Verify_DesWithPasswordLongerThanEight_OnlyFirstEightCount()
    {
        CredentialCheckResult result = HtpasswdHash.Verify("passw0rd-and-more", "Egx7EqedXsdyY");

        Assert.Equal(CredentialVerdict.Granted, result.Verdict);
    }

    [Fact]
    public void Verify_PasswordWithNul_Denied()
    {
        CredentialCheckResult result = HtpasswdHash.Verify("s3cret\0tail", "r5NMsfWTxeBOo");

        Assert.Equal(CredentialVerdict.Denied, result.Verdict);
    }

    [Fact]
    public void Verify_CorruptCryptSetting_Denied()
    {
        CredentialCheckResult result = HtpasswdHash.Verify("s3cret", "$6$");

        Assert.Equal(CredentialVerdict.Denied, result.Verdict);
    }

    [Theory]
    [InlineData("$apr1$abc$BfqKdn9xFDWJPa3kcp/PH0", true)]
    [InlineData("{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=", true)]
    [InlineData("r5NMsfWTxeBOo", true)]
    [InlineData("$6$U82NeUWVUJWq.wLY$x", true)]
    [InlineData("s3cret", false)]
    [InlineData("r5NMsfWTxeBO!", false)]
    [InlineData("$y$j9T$abc", false)]
    public void IsSupported_Hash_ReportsFormat(string hash, bool expected)
    {
        bool supported = HtpasswdHash.IsSupported(hash);

        Assert.Equal(expected, supported);
    }
}
