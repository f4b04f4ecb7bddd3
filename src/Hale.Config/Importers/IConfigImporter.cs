namespace Hale.Config.Importers;

/// <summary>
/// Translates one foreign configuration format into Hale's native YAML. The native loader then builds the model from that
/// text, so the engine never knows which format a service came from, and <c>hale convert</c> prints exactly what runs.
/// </summary>
/// <remarks>Implementations are stateless and thread-safe, and never throw for any input text: every problem is an error
/// naming the original file and the line of the offending key.</remarks>
public interface IConfigImporter
{
    /// <summary>The format this importer reads.</summary>
    ConfigFormat Format { get; }

    /// <summary>Whether <paramref name="text"/> looks like this format (used when no <c>--format</c> is given).</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>True when the content is recognisably this format.</returns>
    bool Detect(string text);

    /// <summary>Translates <paramref name="text"/> into native YAML.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourcePath">The file as the caller named it; errors name it, and relative paths are relative to its folder.</param>
    /// <returns>The native YAML (commented where behaviour differs from the original, and why), or the errors.</returns>
    ImportResult Import(string text, string sourcePath);
}
