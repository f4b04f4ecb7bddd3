namespace Hale.Config.Importers.Heartbeat;

/// <summary>One action key used by a check: its <c>[promotions]</c> and <c>[demotions]</c> commands. Immutable.</summary>
/// <param name="Key">The key (lower-case).</param>
/// <param name="Promotion">The promotion command, as written (interpolated).</param>
/// <param name="PromotionLine">Its 1-based line.</param>
/// <param name="Demotion">The demotion command, as written (interpolated).</param>
/// <param name="DemotionLine">Its 1-based line.</param>
internal sealed record HeartbeatAction(string Key, string Promotion, int PromotionLine, string Demotion, int DemotionLine);
