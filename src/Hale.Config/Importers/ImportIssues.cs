using System.Globalization;

namespace Hale.Config.Importers;

/// <summary>
/// The errors and warnings an importer collects about one original file: errors as <see cref="ConfigError"/> (line ≥ 1,
/// column 0), warnings as <c>FILE:LINE: message</c>. Messages are escaped to one line (<see cref="Yaml.ErrorSink.OneLine"/>),
/// so no value can forge a line of the output. Not thread-safe.
/// </summary>
/// <param name="file">The original file as the caller named it.</param>
internal sealed class ImportIssues(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<string> _warnings = [];

    /// <summary>The original file.</summary>
    public string File { get; } = file;

    /// <summary>How many errors so far.</summary>
    public int ErrorCount => _errors.Count;

    /// <summary>The errors, by line (a stable sort: errors of one line keep their order).</summary>
    public IReadOnlyList<ConfigError> Errors => [.. _errors.OrderBy(e => e.Line)];

    /// <summary>The warnings, in the order they were found.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Adds an error at <paramref name="line"/> (clamped to ≥ 1).</summary>
    public void Error(int line, string message) => _errors.Add(new ConfigError(File, Math.Max(1, line), 0, Yaml.ErrorSink.OneLine(message)));

    /// <summary>Adds errors found by a reader of the native format (they keep their column).</summary>
    public void Add(IEnumerable<ConfigError> errors) => _errors.AddRange(errors.Select(e => e with { Line = Math.Max(1, e.Line) }));

    /// <summary>Adds a warning at <paramref name="line"/> (clamped to ≥ 1).</summary>
    public void Warn(int line, string message) =>
        _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{File}:{Math.Max(1, line)}: {Yaml.ErrorSink.OneLine(message)}"));

    /// <summary>
    /// Runs <paramref name="read"/>, the last resort of "an importer never throws": an exception (a bug) is reported as an
    /// error of the file at line 1, naming <paramref name="format"/>, and gives null.
    /// </summary>
    public T? Guard<T>(string format, Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
#pragma warning disable CA1031 // An importer reports every problem as an error of the file; none escapes.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            Error(1, $"cannot read the {format} configuration: unexpected {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>The result: the YAML when there are no errors, else null with the errors.</summary>
    public ImportResult Result(string? yaml) => _errors.Count > 0 ? new ImportResult(null, Errors, Warnings) : new ImportResult(yaml, [], Warnings);
}
