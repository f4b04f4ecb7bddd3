using Hale.Config.Yaml;

namespace Hale.Config.Importers.Valet;

/// <summary>The errors and warnings of one import, each naming the original file and line. Not thread-safe.</summary>
/// <param name="file">The file as the caller named it.</param>
internal sealed class ValetReport(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<string> _warnings = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>An error at <paramref name="line"/> (1-based; column 0: the line as a whole).</summary>
    public void Error(int line, string message) => _errors.Add(new ConfigError(file, line, 0, ErrorSink.OneLine(message)));

    /// <summary>A warning, as <c>FILE:LINE: message</c>.</summary>
    public void Warning(int line, string message) => _warnings.Add($"{file}:{line}: {ErrorSink.OneLine(message)}");
}
