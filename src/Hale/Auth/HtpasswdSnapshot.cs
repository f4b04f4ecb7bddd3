namespace Hale.Auth;

/// <summary>One reading of an htpasswd file: its users, or why it could not be read. Immutable.</summary>
internal sealed class HtpasswdSnapshot
{
    /// <summary>
    /// A file read less than this long after its last write may have changed again within the same timestamp tick
    /// (1 to 2 s on some file systems) with the same size; such a reading is not trusted and the file is read again.
    /// </summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    /// <summary>Hashed against when the user is unknown or refused, to spend comparable time; the bcrypt hash of <c>s3cret</c>.</summary>
    private const string FallbackDummyHash = "$2y$05$H8u8ay.mgw1S7tryFirobORdTzrpDFjVVuSy5EL21XW1PU0txRzFe";

    private HtpasswdSnapshot(FileStamp stamp, DateTimeOffset readAt, Dictionary<string, string> users, int malformedLines, string dummyHash, string? error)
    {
        Stamp = stamp;
        ReadAt = readAt;
        Users = users;
        MalformedLines = malformedLines;
        DummyHash = dummyHash;
        Error = error;
    }

    public FileStamp Stamp { get; }

    public DateTimeOffset ReadAt { get; }

    /// <summary>User name (ordinal) to stored hash; the first line of a user wins, as in Apache.</summary>
    public IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>Lines that are neither blank, a comment, nor <c>user:hash</c>.</summary>
    public int MalformedLines { get; }

    /// <summary>The first supported hash of the file (so that misses cost what hits cost), else a bcrypt hash.</summary>
    public string DummyHash { get; }

    /// <summary>Why the file could not be read; <see langword="null"/> when it was.</summary>
    public string? Error { get; }

    /// <summary>A reading that failed with <paramref name="error"/>.</summary>
    public static HtpasswdSnapshot Failed(string error) =>
        new(default, default, new Dictionary<string, string>(StringComparer.Ordinal), 0, FallbackDummyHash, error);

    /// <summary>Parses the <paramref name="text"/> of a file whose stamp, taken before reading, is <paramref name="stamp"/>.</summary>
    public static HtpasswdSnapshot Parse(string text, FileStamp stamp, DateTimeOffset readAt)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        int malformed = 0;
        string? dummy = null;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] fields = line.Split(':');
            if (fields.Length < 2 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                malformed++;
                continue;
            }

            users.TryAdd(fields[0], fields[1]);
            if (dummy is null && HtpasswdHash.IsSupported(fields[1]))
            {
                dummy = fields[1];
            }
        }

        return new(stamp, readAt, users, malformed, dummy ?? FallbackDummyHash, error: null);
    }

    /// <summary>Whether this reading still stands for a file whose stamp is now <paramref name="stamp"/>.</summary>
    public bool IsCurrentFor(FileStamp stamp) =>
        Error is null && stamp == Stamp && ReadAt.UtcDateTime - Stamp.LastWriteUtc >= RacyWindow;
}
