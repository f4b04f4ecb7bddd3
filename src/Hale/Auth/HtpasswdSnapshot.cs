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

    private HtpasswdSnapshot(FileStamp stamp, DateTimeOffset readAt, Dictionary<string, string> users, HashSet<string> refused, int malformedLines, string dummyHash, IReadOnlyList<string> warnings, string? error)
    {
        Stamp = stamp;
        ReadAt = readAt;
        Users = users;
        Refused = refused;
        MalformedLines = malformedLines;
        DummyHash = dummyHash;
        Warnings = warnings;
        Error = error;
    }

    public FileStamp Stamp { get; }

    public DateTimeOffset ReadAt { get; }

    /// <summary>User name (ordinal) to stored hash; the first line of a user wins, as in Apache.</summary>
    public IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>Users whose (first) line is refused as too costly to check (see <see cref="AuthLimits"/>): they cannot log in.</summary>
    public IReadOnlySet<string> Refused { get; }

    /// <summary>Lines that are neither blank, a comment, nor <c>user:hash</c>.</summary>
    public int MalformedLines { get; }

    /// <summary>
    /// Checked against when the user is unknown or refused, so that a miss costs what a hit costs: a hash of the file's
    /// most common algorithm and cost (<see cref="HtpasswdHash.CostClass"/>; the earliest class on a tie), else a bcrypt hash.
    /// </summary>
    public string DummyHash { get; }

    /// <summary>What is wrong with lines of the file (each naming the file and line), to be logged once per reading.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Why the file could not be read; <see langword="null"/> when it was.</summary>
    public string? Error { get; }

    /// <summary>A reading that failed with <paramref name="error"/>.</summary>
    public static HtpasswdSnapshot Failed(string error) =>
        new(default, default, new Dictionary<string, string>(StringComparer.Ordinal), [], 0, FallbackDummyHash, [], error);

    /// <summary>Parses the <paramref name="text"/> of the file at <paramref name="path"/> whose stamp, taken before reading, is <paramref name="stamp"/>.</summary>
    public static HtpasswdSnapshot Parse(string text, FileStamp stamp, DateTimeOffset readAt, string path, AuthLimits limits)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var classes = new Dictionary<string, (int Count, int Order, string Hash)>(StringComparer.Ordinal);
        int malformed = 0;
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
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

            if (!users.TryAdd(fields[0], fields[1]) || !HtpasswdHash.IsSupported(fields[1]))
            {
                continue;
            }

            if (HtpasswdHash.CostError(fields[1], limits) is { } costError)
            {
                refused.Add(fields[0]);
                warnings.Add($"htpasswd file '{path}' line {lineNumber}: {costError}; this user cannot log in");
                continue;
            }

            string costClass = HtpasswdHash.CostClass(fields[1]);
            classes[costClass] = classes.TryGetValue(costClass, out var seen) ? seen with { Count = seen.Count + 1 } : (1, classes.Count, fields[1]);
        }

        string dummy = classes.Count == 0
            ? FallbackDummyHash
            : classes.Values.OrderByDescending(c => c.Count).ThenBy(c => c.Order).First().Hash;
        return new(stamp, readAt, users, refused, malformed, dummy, warnings, error: null);
    }

    /// <summary>Whether this reading still stands for a file whose stamp is now <paramref name="stamp"/>.</summary>
    public bool IsCurrentFor(FileStamp stamp) =>
        Error is null && stamp == Stamp && ReadAt.UtcDateTime - Stamp.LastWriteUtc >= RacyWindow;
}
