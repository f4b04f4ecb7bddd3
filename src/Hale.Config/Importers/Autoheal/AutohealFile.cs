namespace Hale.Config.Importers.Autoheal;

/// <summary>An autoheal conf.yaml, read and validated: what the importer and the script generator work from. Immutable.</summary>
/// <param name="Services">The services, in file order.</param>
internal sealed record AutohealFile(IReadOnlyList<AutohealService> Services);
