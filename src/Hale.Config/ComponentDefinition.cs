using Hale.Checks;

namespace Hale.Config;

/// <summary>A top-level check of the configuration: what is served at <c>/NAME</c>.</summary>
/// <param name="Name">The name, as in the file; never empty, never starting with <c>/</c>; may contain <c>/</c>.</param>
/// <param name="Check">The check, shared with every reference to it by name.</param>
/// <param name="OnPost">
/// What a POST to the component fires or evaluates (<c>on_post</c>); null when POST is not allowed.
/// A <see cref="Combinators.Oneshot"/> here is the instance to fire, e.g. the <c>to_ok</c> of a toggle.
/// </param>
/// <param name="Serve">Whether the component is served over HTTP (<c>serve</c>, default true).</param>
public sealed record ComponentDefinition(string Name, NamedCheck Check, ICheck? OnPost, bool Serve)
{
    /// <summary>
    /// The check's own schedule (<c>every</c>): when set, the check always runs on its own loop at this interval; when null,
    /// it runs on a loop at <see cref="HaleConfiguration.CheckEvery"/> only if something inside Hale consumes it, and on
    /// request otherwise. <value>The default is null.</value>
    /// </summary>
    public TimeSpan? Every { get; init; }

    /// <summary>
    /// A canonical text of the definition (layout and comments ignored): a reload keeps the running instance, and its state,
    /// of a check whose fingerprint is unchanged. <value>The default is null: the definition counts as changed on every reload.</value>
    /// </summary>
    public string? Fingerprint { get; init; }
}
