namespace Hale.Config.Importers.Heartbeat;

/// <summary>A heartbeat.conf, read and validated: what both the importer and <c>hale heartbeat</c> work from. Immutable.</summary>
/// <param name="General">The <c>[general]</c> settings.</param>
/// <param name="Checks">The check sections, in file order.</param>
/// <param name="Actions">The action keys the checks use, in <c>[promotions]</c> order.</param>
internal sealed record HeartbeatFile(HeartbeatGeneral General, IReadOnlyList<HeartbeatCheck> Checks, IReadOnlyList<HeartbeatAction> Actions);
