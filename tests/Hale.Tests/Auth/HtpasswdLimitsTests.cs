using Hale.Auth;
using Hale.Testing;

namespace Hale.Tests.Auth;

/// <summary>
/// <see cref="AuthLimits"/> applied by <see cref="HtpasswdFile"/> to real files made with Apache's <c>htpasswd</c>: file size,
/// bcrypt cost and sha-crypt rounds; the dummy verify of unknown users; re-reading only when the file's identity changes.
/// </summary>
public sealed class HtpasswdLimitsTests : IDisposable
{
    private static readonly DateTime WrittenAt = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Verify_BcryptCostOverLimit_DeniedWithWarningNamingFileAndLine()
    {
        string path = _dir.Combine("users");
        HtpasswdTool.Add(path, "cheap", "s3cret", "-B", "-C", "5");
        HtpasswdTool.Add(path, "costly", "s3cret", "-B", "-C", "6");
        var file = new HtpasswdFile(path, limits: new AuthLimits { MaxBcryptCost = 5 });

        CredentialCheckResult costly = file.Verify("costly", "s3cret");
        CredentialCheckResult cheap = file.Verify("cheap", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, costly.Verdict);
        Assert.Equal(CredentialVerdict.Granted, cheap.Verdict);
        string warning = Assert.Single(costly.Warnings!);
        Assert.Equal($"htpasswd file '{path}' line 2: bcrypt cost 6 is over the limit of 5 (auth_limits.max_bcrypt_cost); this user cannot log in", warning);
        Assert.Null(cheap.Warnings);
    }

    [Fact]
    public void Verify_AbsurdCostsHandWritten_DeniedWithoutHashing()
    {
        string path = _dir.Combine("users");
        HtpasswdTool.Add(path, "real", "s3cret", "-B", "-C", "5");
        File.AppendAllText(path, "bcrypt31:$2y$31$H8u8ay.mgw1S7tryFirobORdTzrpDFjVVuSy5EL21XW1PU0txRzFe\n"
            + "sha999:$6$rounds=999999999$saltsalt$0123456789abcdef\n"
            + "shahuge:$5$rounds=99999999999999999999999$saltsalt$0123456789abcdef\n");
        var file = new HtpasswdFile(path);

        CredentialCheckResult[] results = [file.Verify("bcrypt31", "s3cret"), file.Verify("sha999", "s3cret"), file.Verify("shahuge", "s3cret")];

        Assert.All(results, r => Assert.Equal(CredentialVerdict.Denied, r.Verdict));
        Assert.Collection(
            results[0].Warnings!,
            w => Assert.EndsWith("line 2: bcrypt cost 31 is over the limit of 14 (auth_limits.max_bcrypt_cost); this user cannot log in", w, StringComparison.Ordinal),
            w => Assert.EndsWith("line 3: sha-crypt rounds 999999999 are over the limit of 1000000 (auth_limits.max_crypt_rounds); this user cannot log in", w, StringComparison.Ordinal),
            w => Assert.EndsWith("line 4: sha-crypt rounds (too large to read) are over the limit of 1000000 (auth_limits.max_crypt_rounds); this user cannot log in", w, StringComparison.Ordinal));
        Assert.Equal("$2y$05$", file.DummyHash![..7]);
    }

    [Theory]
    [InlineData("-2")]
    [InlineData("-5")]
    public void Verify_ShaCryptRoundsOverLimit_Denied(string flag)
    {
        string path = _dir.Combine("users");
        HtpasswdTool.Add(path, "few", "s3cret", flag, "-r", "5000");
        HtpasswdTool.Add(path, "many", "s3cret", flag, "-r", "20000");
        var file = new HtpasswdFile(path, limits: new AuthLimits { MaxCryptRounds = 10_000 });

        CredentialCheckResult many = file.Verify("many", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, many.Verdict);
        Assert.Contains("line 2: sha-crypt rounds 20000 are over the limit of 10000", Assert.Single(many.Warnings!), StringComparison.Ordinal);
        Assert.Equal(CredentialVerdict.Granted, file.Verify("few", "s3cret").Verdict);
    }

    [Fact]
    public void Verify_FileOverSizeLimit_UnavailableNamingFile()
    {
        string path = _dir.Combine("users");
        HtpasswdTool.Add(path, "alice", "s3cret", "-m");
        HtpasswdTool.Add(path, "bob", "s3cret", "-m");
        long size = new FileInfo(path).Length;
        var file = new HtpasswdFile(path, limits: new AuthLimits { MaxFileBytes = size - 1 });

        CredentialCheckResult result = file.Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Unavailable, result.Verdict);
        Assert.Equal($"htpasswd file '{path}' is {size} bytes, over the limit of {size - 1} bytes (auth_limits.max_file_bytes); it is not read", result.Error);
        Assert.Equal(CredentialVerdict.Granted, new HtpasswdFile(path, limits: new AuthLimits { MaxFileBytes = size }).Verify("alice", "s3cret").Verdict);
    }

    [Fact]
    public void Verify_UnknownUser_ChecksAHashOfTheFilesMostCommonCost()
    {
        string path = _dir.Combine("users");
        HtpasswdTool.Add(path, "first", "s3cret", "-B", "-C", "4");
        HtpasswdTool.Add(path, "second", "s3cret", "-B", "-C", "6");
        HtpasswdTool.Add(path, "third", "s3cret", "-B", "-C", "6");
        var file = new HtpasswdFile(path);

        CredentialCheckResult result = file.Verify("nobody", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, result.Verdict);
        Assert.Equal(File.ReadAllLines(path)[1]["second:".Length..], file.DummyHash);
    }

    [Fact]
    public void Verify_FileReplacedByRenameWithSameSizeAndMtime_ReadAgain()
    {
        string path = _dir.Combine("users");
        File.WriteAllText(path, "alice:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/\n");
        File.SetLastWriteTimeUtc(path, WrittenAt);
        var file = new HtpasswdFile(path, new ManualTimeProvider(WrittenAt.AddMinutes(1)));
        Assert.Equal(CredentialVerdict.Granted, file.Verify("alice", "s3cret").Verdict);

        string next = _dir.Combine("users.new");
        File.WriteAllText(next, "carol:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/\n");
        File.SetLastWriteTimeUtc(next, WrittenAt);
        File.Move(next, path, overwrite: true);
        CredentialCheckResult carol = file.Verify("carol", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, carol.Verdict);
        Assert.Equal(2, file.LoadCount);
    }

    [Fact]
    public void Verify_RewrittenInPlaceWithRestoredMtime_ReadAgain()
    {
        string path = _dir.Combine("users");
        File.WriteAllText(path, "alice:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/\n");
        File.SetLastWriteTimeUtc(path, WrittenAt);
        var file = new HtpasswdFile(path, new ManualTimeProvider(WrittenAt.AddMinutes(1)));
        Assert.Equal(CredentialVerdict.Granted, file.Verify("alice", "s3cret").Verdict);

        File.WriteAllText(path, "carol:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/\n");
        File.SetLastWriteTimeUtc(path, WrittenAt);
        CredentialCheckResult carol = file.Verify("carol", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, carol.Verdict);
    }

    [Fact]
    public void Verify_UnchangedFile_ReadOnceAndWarnedOnce()
    {
        string path = _dir.Combine("users");
        File.WriteAllText(path, "alice:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/\nbig:$2y$20$H8u8ay.mgw1S7tryFirobORdTzrpDFjVVuSy5EL21XW1PU0txRzFe\n");
        File.SetLastWriteTimeUtc(path, WrittenAt);
        var file = new HtpasswdFile(path, new ManualTimeProvider(WrittenAt.AddMinutes(1)));

        CredentialCheckResult first = file.Verify("alice", "s3cret");
        CredentialCheckResult second = file.Verify("big", "s3cret");
        CredentialCheckResult third = file.Verify("alice", "s3cret");

        Assert.Single(first.Warnings!);
        Assert.Null(second.Warnings);
        Assert.Equal(new CredentialCheckResult(CredentialVerdict.Granted), third);
        Assert.Equal(1, file.LoadCount);
    }

    [Fact]
    public void Verify_PathIsFifo_UnavailableWithoutBlocking()
    {
        string path = _dir.Combine("fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
        }

        CredentialCheckResult result = new HtpasswdFile(path).Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Unavailable, result.Verdict);
        Assert.Contains("not a regular file", result.Error, StringComparison.Ordinal);
    }
}
