using Hale.Auth;
using Hale.Testing;

namespace Hale.Tests.Auth;

public sealed class HtpasswdFileTests : IDisposable
{
    private const string AliceLine = "alice:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/";
    private const string BobLine = "bob:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=";
    private const string CarolLine = "carol:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/";

    private static readonly DateTime WrittenAt = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Verify_KnownUserRightPassword_Granted()
    {
        var file = new HtpasswdFile(Write(AliceLine, BobLine));

        CredentialCheckResult alice = file.Verify("alice", "s3cret");
        CredentialCheckResult bob = file.Verify("bob", "s3cret");

        Assert.Equal(new CredentialCheckResult(CredentialVerdict.Granted), alice);
        Assert.Equal(new CredentialCheckResult(CredentialVerdict.Granted), bob);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("alice", "")]
    [InlineData("Alice", "s3cret")]
    [InlineData("mallory", "s3cret")]
    [InlineData("", "")]
    public void Verify_WrongPasswordOrUnknownUser_Denied(string user, string password)
    {
        var file = new HtpasswdFile(Write(AliceLine));

        CredentialCheckResult result = file.Verify(user, password);

        Assert.Equal(new CredentialCheckResult(CredentialVerdict.Denied), result);
    }

    [Fact]
    public void Verify_PlaintextEntry_Denied()
    {
        var file = new HtpasswdFile(Write("plain:s3cret"));

        CredentialCheckResult result = file.Verify("plain", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, result.Verdict);
    }

    [Fact]
    public void Verify_CommentsBlanksAndMalformedLines_SkippedAndCounted()
    {
        string path = Write("# alice:$apr1$Ojtfqd4r$pxgMkUIYi/OguFbrHmV2x/", "", "   ", "nocolon", ":nouser", "nohash:", "  " + BobLine + "  \r");
        var file = new HtpasswdFile(path);

        CredentialCheckResult bob = file.Verify("bob", "s3cret");
        CredentialCheckResult commented = file.Verify("# alice", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, bob.Verdict);
        Assert.Equal(CredentialVerdict.Denied, commented.Verdict);
        Assert.Equal(3, file.MalformedLineCount);
    }

    [Fact]
    public void Verify_DuplicateUser_FirstLineWins()
    {
        var file = new HtpasswdFile(Write(AliceLine, "alice:{SHA}fGphxo74ubawYbKMNIvB7Xkhy1M="));

        CredentialCheckResult first = file.Verify("alice", "s3cret");
        CredentialCheckResult second = file.Verify("alice", "passw0rd");

        Assert.Equal(CredentialVerdict.Granted, first.Verdict);
        Assert.Equal(CredentialVerdict.Denied, second.Verdict);
    }

    [Fact]
    public void Verify_ExtraFieldsAfterHash_Ignored()
    {
        var file = new HtpasswdFile(Write(AliceLine + ":Alice Liddell"));

        CredentialCheckResult result = file.Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, result.Verdict);
    }

    [Fact]
    public void Verify_UserAddedAfterFirstVerify_Granted()
    {
        string path = Write(AliceLine);
        var file = new HtpasswdFile(path);
        CredentialCheckResult before = file.Verify("bob", "s3cret");

        File.AppendAllText(path, BobLine + "\n");
        CredentialCheckResult after = file.Verify("bob", "s3cret");

        Assert.Equal(CredentialVerdict.Denied, before.Verdict);
        Assert.Equal(CredentialVerdict.Granted, after.Verdict);
    }

    [Fact]
    public void Verify_UnchangedFileReadWellAfterItsLastWrite_ReadOnce()
    {
        string path = Write(AliceLine);
        File.SetLastWriteTimeUtc(path, WrittenAt);
        var file = new HtpasswdFile(path, new ManualTimeProvider(WrittenAt.AddMinutes(1)));

        file.Verify("alice", "s3cret");
        file.Verify("alice", "s3cret");
        CredentialCheckResult result = file.Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, result.Verdict);
        Assert.Equal(1, file.LoadCount);
    }

    [Fact]
    public void Verify_TrustedReadingThenUserAdded_ReadAgain()
    {
        string path = Write(AliceLine);
        File.SetLastWriteTimeUtc(path, WrittenAt);
        var file = new HtpasswdFile(path, new ManualTimeProvider(WrittenAt.AddMinutes(1)));
        file.Verify("alice", "s3cret");

        File.AppendAllText(path, BobLine + "\n");
        File.SetLastWriteTimeUtc(path, WrittenAt.AddSeconds(30));
        CredentialCheckResult result = file.Verify("bob", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, result.Verdict);
        Assert.Equal(2, file.LoadCount);
    }

    [Fact]
    public void Verify_SameSizeRewriteWithSameMtimeWithinRacyWindow_ReadAgain()
    {
        string path = Write(AliceLine);
        File.SetLastWriteTimeUtc(path, WrittenAt);
        var clock = new ManualTimeProvider(WrittenAt.AddSeconds(1));
        var file = new HtpasswdFile(path, clock);
        file.Verify("alice", "s3cret");

        File.WriteAllText(path, CarolLine + "\n");
        File.SetLastWriteTimeUtc(path, WrittenAt);
        CredentialCheckResult carol = file.Verify("carol", "s3cret");
        clock.Advance(TimeSpan.FromSeconds(5));
        file.Verify("carol", "s3cret");
        file.Verify("carol", "s3cret");

        Assert.Equal(CredentialVerdict.Granted, carol.Verdict);
        Assert.Equal(3, file.LoadCount);
    }

    [Fact]
    public void Verify_MissingFile_UnavailableNamingPath()
    {
        string path = _dir.Combine("absent");
        var file = new HtpasswdFile(path);

        CredentialCheckResult result = file.Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Unavailable, result.Verdict);
        Assert.StartsWith($"htpasswd file '{path}' cannot be read: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PathIsDirectory_Unavailable()
    {
        var file = new HtpasswdFile(_dir.Path);

        CredentialCheckResult result = file.Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Unavailable, result.Verdict);
        Assert.Contains(_dir.Path, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FileDeletedThenRestored_UnavailableThenGranted()
    {
        string path = Write(AliceLine);
        var file = new HtpasswdFile(path);
        file.Verify("alice", "s3cret");

        File.Delete(path);
        CredentialCheckResult missing = file.Verify("alice", "s3cret");
        Write(AliceLine);
        CredentialCheckResult restored = file.Verify("alice", "s3cret");

        Assert.Equal(CredentialVerdict.Unavailable, missing.Verdict);
        Assert.Equal(CredentialVerdict.Granted, restored.Verdict);
    }

    [Fact]
    public void Verify_ManyThreads_AllGranted()
    {
        var file = new HtpasswdFile(Write(AliceLine, BobLine));
        var verdicts = new CredentialVerdict[64];

        Parallel.For(0, verdicts.Length, i => verdicts[i] = file.Verify(i % 2 == 0 ? "alice" : "bob", "s3cret").Verdict);

        Assert.All(verdicts, v => Assert.Equal(CredentialVerdict.Granted, v));
    }

    [Fact]
    public void Constructor_EmptyPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HtpasswdFile(""));
    }

    private string Write(params string[] lines)
    {
        string path = _dir.Combine("htpasswd");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
