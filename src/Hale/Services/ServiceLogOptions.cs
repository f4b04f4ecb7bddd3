namespace Hale.Services;

/// <summary>
/// What Hale keeps of an owned child's output (<see cref="ServiceDefinition.Run"/>): the last <see cref="Lines"/> lines in
/// memory, read with <c>hale logs NAME</c> and <c>GET /-/services/NAME/logs</c>, and optionally every line appended to a
/// rotated file. Immutable.
/// </summary>
/// <remarks>
/// The lines in memory survive restarts of the service and reloads that restart it; they are dropped when a reload removes the
/// service. Each kept line holds up to 8 KiB of text (longer lines arrive in pieces), so the memory a service's lines may take
/// is bounded by <see cref="Lines"/> × 8 KiB (8 MiB with the default).
/// </remarks>
public sealed record ServiceLogOptions
{
    /// <summary>The default of <see cref="Lines"/>: 1000.</summary>
    public const int DefaultLines = 1000;

    /// <summary>The largest <see cref="Lines"/> accepted: 1,000,000.</summary>
    public const int MaxLines = 1_000_000;

    /// <summary>The default of <see cref="MaxBytes"/>: 10 MiB.</summary>
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    /// <summary>The default of <see cref="Keep"/>: 5.</summary>
    public const int DefaultKeep = 5;

    /// <summary>The defaults: 1000 lines in memory, no file.</summary>
    public static ServiceLogOptions Default { get; } = new();

    /// <summary>How many of the most recent lines (both streams together) are kept in memory; the oldest goes first.</summary>
    /// <value>The default value is 1000. Range 0..<see cref="MaxLines"/>; 0 keeps none (following still works).</value>
    public int Lines { get; init; } = DefaultLines;

    /// <summary>
    /// A file every line is appended to, as <c>TIME STREAM TEXT</c> (<c>2026-12-01T03:06:45.123Z stdout listening on :80</c>);
    /// stderr lines go to <see cref="StderrFile"/> instead when that is set. Its directory is created when missing.
    /// </summary>
    /// <value>The default value is null: no file.</value>
    public string? File { get; init; }

    /// <summary>A file of its own for the stderr lines (same format); with <see cref="File"/> unset, stdout goes to no file.</summary>
    /// <value>The default value is null: stderr goes to <see cref="File"/>.</value>
    public string? StderrFile { get; init; }

    /// <summary>The size at which a file is rotated (<c>FILE</c> → <c>FILE.1</c> → … → <c>FILE.N</c>).</summary>
    /// <value>The default value is 10 MiB. At least 1 byte.</value>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>How many rotated files are kept beside each file; older ones are deleted.</summary>
    /// <value>The default value is 5. Zero keeps none: the file starts over when full.</value>
    public int Keep { get; init; } = DefaultKeep;

    /// <summary>Whether any file is written.</summary>
    internal bool HasFiles => File is not null || StderrFile is not null;
}
