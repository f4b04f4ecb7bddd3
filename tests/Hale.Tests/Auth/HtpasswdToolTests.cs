using Hale.Auth;
using Hale.Testing;

namespace Hale.Tests.Auth;

/// <summary>Files written by Apache's own <c>htpasswd</c> (apt package apache2-utils), one user per hash format.</summary>
public sealed class HtpasswdToolTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("bcryptuser")]
    [InlineData("apr1user")]
    [InlineData("shauser")]
    [InlineData("cryptuser")]
    [InlineData("sha256user")]
    [InlineData("sha512user")]
    public void Verify_UserWrittenByHtpasswd_GrantedOnlyWithRightPassword(string user)
    {
        var file = new HtpasswdFile(WriteWithTool());

        CredentialCheckResult right = file.Verify(user, "s3cret");
        CredentialCheckResult wrong = file.Verify(user, "s3cre7");

        Assert.Equal(CredentialVerdict.Granted, right.Verdict);
        Assert.Equal(CredentialVerdict.Denied, wrong.Verdict);
    }

    [Fact]
    public void Verify_PlainUserWrittenByHtpasswd_Denied()
    {
        var file = new HtpasswdFile(WriteWithTool());

        CredentialCheckResult result = file.Verify("plainuser", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, result.Verdict);
    }

    private string WriteWithTool() => HtpasswdTool.WriteAllFormats(_dir.Combine("htpasswd"));
}
