namespace Hale.Config.Importers;

/// <summary>What an <see cref="IConfigImporter"/> made of a file.</summary>
/// <param name="NativeYaml">The equivalent native YAML; null when there are errors.</param>
/// <param name="Errors">Each problem, naming the original file and line (empty on success).</param>
/// <param name="Warnings">Unknown keys, aliases and behaviour that differs, each as <c>FILE:LINE: message</c>.</param>
public sealed record ImportResult(string? NativeYaml, IReadOnlyList<ConfigError> Errors, IReadOnlyList<string> Warnings);
