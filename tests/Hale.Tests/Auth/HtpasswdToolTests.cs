using System.Diagnostics;
using Hale.Auth;

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

    private string WriteWithTool()
    {
        string path = _dir.Combine("htpasswd");
        Run("-c", "-b", "-B", path, "bcryptuser", "s3cret");
        Run("-b", "-m", path, "apr1user", "s3cret");
        Run("-b", "-s", path, "shauser", "s3cret");
        Run("-b", "-d", path, "cryptuser", "s3cret");
        Run("-b", "-p", path, "plainuser", "s3cret");
        Run("-b", "-2", path, "sha256user", "s3cret");
        Run("-b", "-5", path, "sha512user", "s3cret");
        return path;
    }

    private static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("htpasswd did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "htpasswd did not exit");
        Assert.True(process.ExitCode == 0, $"htpasswd {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
    }
}
