using System.Text;

namespace Hale.Auth;

/// <summary>Checks credentials against an Apache htpasswd file, re-read whenever it changes.</summary>
/// <remarks>
/// <para>
/// Lines are <c>user:hash</c>; blank lines and <c>#</c> comments are skipped; other lines are counted as malformed
/// and skipped. Hash formats: <c>$apr1$</c>, <c>{SHA}</c>, bcrypt <c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, crypt
/// <c>$1$</c>/<c>$5$</c>/<c>$6$</c> and traditional DES. Plaintext entries are refused, never compared. The computed
/// hash is compared with the stored one in constant time. An unknown user, or one whose line is refused, costs a hash of
/// the file's most common algorithm and cost, so the response time does not tell whether a user exists.
/// </para>
/// <para>
/// Limits (<see cref="AuthLimits"/>): a file over <see cref="AuthLimits.MaxFileBytes"/> is not read (Unavailable, naming the
/// file); a line with a bcrypt cost over <see cref="AuthLimits.MaxBcryptCost"/> or sha-crypt rounds over
/// <see cref="AuthLimits.MaxCryptRounds"/> is refused, with a warning naming the file and line in
/// <see cref="CredentialCheckResult.Warnings"/> of the check that read the file.
/// </para>
/// <para>
/// Each <see cref="Verify"/> stats the file (device, inode, size, modification and status-change times) and re-reads it
/// only when that changed, so adding a user needs no restart, and replacing the file by a rename is noticed. A reading taken within <see cref="HtpasswdSnapshot.RacyWindow"/> of the file's
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
    private readonly AuthLimits _limits;
    private HtpasswdSnapshot? _snapshot;
    private int _loadCount;

    /// <summary>Creates a verifier over the htpasswd file at <paramref name="path"/>; the file is first read on first use.</summary>
    /// <param name="path">The file's path, as given (relative paths are relative to the working directory at each read).</param>
    /// <param name="timeProvider">The clock used to tell whether a reading may have raced a write; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="limits">The file size and hash cost limits; default <see cref="AuthLimits.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public HtpasswdFile(string path, TimeProvider? timeProvider = null, AuthLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _limits = limits ?? AuthLimits.Default;
    }

    /// <summary>The htpasswd file's path.</summary>
    public string Path { get; }

    /// <summary>How many times the file has been read; for tests.</summary>
    internal int LoadCount => Volatile.Read(ref _loadCount);

    /// <summary>Malformed lines in the latest reading; 0 before the first.</summary>
    internal int MalformedLineCount => Volatile.Read(ref _snapshot)?.MalformedLines ?? 0;

    /// <summary>The hash checked for unknown or refused users in the latest reading; null before the first.</summary>
    internal string? DummyHash => Volatile.Read(ref _snapshot)?.DummyHash;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="user"/> or <paramref name="password"/> is null.</exception>
    public CredentialCheckResult Verify(string user, string password)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(password);
        HtpasswdSnapshot snapshot = Current(out HtpasswdSnapshot? replaced);
        IReadOnlyList<string>? warnings = replaced is not null && snapshot.Warnings.Count > 0 && !snapshot.Warnings.SequenceEqual(replaced.Warnings)
            ? snapshot.Warnings
            : null;
        if (snapshot.Error is not null)
        {
            return new(CredentialVerdict.Unavailable, snapshot.Error);
        }

        if (snapshot.Users.TryGetValue(user, out string? hash) && HtpasswdHash.IsSupported(hash) && !snapshot.Refused.Contains(user))
        {
            return HtpasswdHash.Verify(password, hash) with { Warnings = warnings };
        }

        _ = HtpasswdHash.Verify(password, snapshot.DummyHash);
        return new(CredentialVerdict.Denied, Warnings: warnings);
    }

    /// <summary>The current reading; <paramref name="replaced"/> is the one it replaces when this call read the file (an empty one at first), else null.</summary>
    private HtpasswdSnapshot Current(out HtpasswdSnapshot? replaced)
    {
        replaced = null;
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
            replaced = current ?? HtpasswdSnapshot.Failed(string.Empty);
            next = stamp.Length > _limits.MaxFileBytes
                ? HtpasswdSnapshot.Failed(TooLarge(stamp.Length))
                : ReadAtMost(_limits.MaxFileBytes) is { } text
                    ? HtpasswdSnapshot.Parse(text, stamp, readAt, Path, _limits)
                    : HtpasswdSnapshot.Failed(TooLarge(null));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            next = HtpasswdSnapshot.Failed($"htpasswd file '{Path}' cannot be read: {ex.Message}");
        }

        Volatile.Write(ref _snapshot, next);
        return next;
    }

    private string TooLarge(long? length) =>
        $"htpasswd file '{Path}' is {(length is { } l ? $"{l} bytes" : "growing")}, over the limit of {_limits.MaxFileBytes} bytes (auth_limits.max_file_bytes); it is not read";

    /// <summary>The file's text when it has at most <paramref name="maxBytes"/> bytes (it may have grown since its stat); else null.</summary>
    private string? ReadAtMost(long maxBytes)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        int capacity = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        byte[] buffer = new byte[Math.Min(capacity, 64 * 1024)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length == capacity)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, capacity));
            }

            int read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length > maxBytes)
        {
            return null;
        }

        int bom = length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(buffer, bom, length - bom);
    }
}
