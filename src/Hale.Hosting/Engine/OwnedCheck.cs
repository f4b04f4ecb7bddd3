using Hale.Checks;

namespace Hale.Hosting.Engine;

/// <summary>A named check the engine owns: its key, what it was built from, the instance, and its schedule.</summary>
/// <param name="Key">
/// Unique per engine: <c>check:NAME</c> for a top-level check; <c>service:NAME:ready</c>, <c>service:NAME:alive</c>,
/// <c>service:NAME:depends_on[i]</c> or <c>action:NAME:when[i]</c> for a check written inline where it is consumed.
/// </param>
/// <param name="Fingerprint">The definition it was built from (an inline check: its owner's); null counts as always changed.</param>
/// <param name="Check">The instance.</param>
/// <param name="Every">Its schedule; null when it is evaluated on request only.</param>
internal sealed record OwnedCheck(string Key, string? Fingerprint, NamedCheck Check, TimeSpan? Every)
{
    /// <summary>For a top-level check: the definition it is served with (its on_post and serve); null for an inline check.</summary>
    public Config.ComponentDefinition? Component { get; init; }

    /// <summary>Whether a check of the new model may keep this instance (and its state and schedule).</summary>
    public bool CanBeKeptFor(string? fingerprint, TimeSpan? every) =>
        Fingerprint is not null && Fingerprint == fingerprint && (Every is null || every is null || Every == every);
}
