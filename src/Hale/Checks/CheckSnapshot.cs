namespace Hale.Checks;

/// <summary>What is known of a named check at one moment, for status pages. Immutable.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Status">The last status observed; null before the first observation.</param>
/// <param name="Since">When <paramref name="Status"/> was first observed (UTC); null before the first observation.</param>
/// <param name="LastResult">The last result; null before the first observation.</param>
/// <param name="LastCheckedAt">When the last result was observed (UTC).</param>
/// <param name="LastTransition">The last change of status, with its cause; null when the status never changed.</param>
public sealed record CheckSnapshot(
    string Name,
    CheckStatus? Status,
    DateTimeOffset? Since,
    CheckResult? LastResult,
    DateTimeOffset? LastCheckedAt,
    CheckTransition? LastTransition);
