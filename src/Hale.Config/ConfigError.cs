namespace Hale.Config;

/// <summary>One problem found in a configuration file, with where it is.</summary>
/// <param name="File">The file as the caller named it.</param>
/// <param name="Line">1-based line of the offending node; 0 when the error is about the whole file (e.g. it is missing).</param>
/// <param name="Column">1-based column of the offending node; 0 when the error is about the whole file.</param>
/// <param name="Message">What is wrong, e.g. <c>port: 70000 is out of range 1..65535</c>.</param>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    /// <summary>The error as compilers print them: <c>FILE:LINE:COL: MESSAGE</c>.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
