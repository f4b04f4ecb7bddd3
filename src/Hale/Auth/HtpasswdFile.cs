using System.Text;

namespace Hale.Auth;

/// <summary>Checks credentials against an Apache htpasswd file, re-read whenever it changes.</summary>
/// <remarks>
/// <para>
/// Lines are <c>user:hash</c>; blank lines and <c>#</c> comments are skipped; other lines are counted as malformed
/// and skipped. Hash formats: <c>$apr1$</c>, <c>{SHA}</c>, bcrypt <c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, crypt
/// <c>$1$</c>/<c>$5$</c>/<c>$6$</c> and traditional DES. Plaintext entries are refused, never compared. The computed
/// hash is compared with the stored one in constant time; an unknown user costs a hash too.
/// </para>
/// <para>
/// Each <see cref="Verify"/> stats the file (modification time and size) and re-reads it when that changed,
/// so adding a user needs no restart. A reading taken within <see cref="HtpasswdSnapshot.RacyWindow"/> of the file's
/// modification time (by <see cref="TimeProvider"/>) is not trusted, since a second write in the same timestamp tick
/// would not show; the file is read again until a reading is older than that.
/// </para>
/// <para>
/// A missing or unreadable file gives <see cref="CredentialVerdict.Unavailable"/> naming the path; nothing is thrown
/// and nothing of an earlier reading is used. Thread-safe: readings are immutable and replaced atomically; two
/// threads may occasionally both read a changed file, which is harmless.
/// </para>
/// </remarks>
public sealed class HtpasswdFile : ICredentialVerifier
{
    private readonly TimeProvider _timeProvider;
    private HtpasswdSnapshot? _snapshot;
    private int _loadCount;

    /// <summary>Creates a verifier over the htpasswd file at <paramref name="path"/>; the file is first read on first use.</summary>
    /// <param name="path">The file's path, as given (relative paths are relative to the working directory at each read).</param>
    /// <param name="timeProvider">The clock used to tell whether a reading may have raced a write; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public HtpasswdFile(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The htpasswd file's path.</summary>
    public string Path { get; }

    /// <summary>How many times the file has been read; for tests.</summary>
    internal int LoadCount => Volatile.Read(ref _loadCount);

    /// <summary>Malformed lines in the latest reading; 0 before the first.</summary>
    internal int MalformedLineCount => Volatile.Read(ref _snapshot)?.MalformedLines ?? 0;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="user"/> or <paramref name="password"/> is null.</exception>
    public CredentialCheckResult Verify(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        HtpasswdSnapshot snapshot = Current();
        if (snapshot.Error is not null)
        {
            return new(CredentialVerdict.Unavailable, snapshot.Error);
        }

        if (snapshot.Users.TryGetValue(user, out string? hash) && HtpasswdHash.IsSupported(hash))
        {
            return HtpasswdHash.Verify(password, hash);
        }

        _ = HtpasswdHash.Verify(password, snapshot.DummyHash);
        return new(CredentialVerdict.Denied);
    }

    private HtpasswdSnapshot Current()
    {
        DateTimeOffset readAt = _timeProvider.GetUtcNow();
        HtpasswdSnapshot? current = Volatile.Read(ref _snapshot);
        HtpasswdSnapshot next;
        try
        {
            FileStamp stamp = FileStamp.Of(Path);
            if (current is not null && current.IsCurrentFor(stamp))
            {
                return current;
            }

            Interlocked.Increment(ref _loadCount);
            next = HtpasswdSnapshot.Parse(File.ReadAllText(Path, Encoding.UTF8), stamp, readAt);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            next = HtpasswdSnapshot.Failed($"htpasswd file '{Path}' cannot be read: {ex.Message}");
        }

        Volatile.Write(ref _snapshot, next);
        return next;
    }
}
