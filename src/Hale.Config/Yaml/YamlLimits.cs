namespace Hale.Config.Yaml;

/// <summary>
/// The top-level <c>yaml_limits</c> section: how deep a file may nest and how many nodes it may expand to through aliases.
/// Both apply while the file itself is parsed, so <see cref="YamlLimitsScan"/> reads them from the parser's events first.
/// </summary>
/// <param name="MaxDepth">The deepest nesting of mappings and lists accepted, the root being 1; 1..<see cref="MaxDepthLimit"/>.</param>
/// <param name="MaxNodes">The most nodes once aliases are expanded; 1..<see cref="MaxNodesLimit"/>.</param>
internal sealed record YamlLimits(int MaxDepth, int MaxNodes)
{
    /// <summary><c>yaml_limits.max_depth</c> when none is given: 64 levels (Hale's own files use fewer than 10).</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>
    /// The largest <c>yaml_limits.max_depth</c> accepted: the representation model, the readers and the evaluation of
    /// nested checks recurse once per level, and 256 levels fit a 1.5 MB thread-pool stack (where a reload runs).
    /// </summary>
    public const int MaxDepthLimit = 256;

    /// <summary><c>yaml_limits.max_nodes</c> when none is given: 100,000 (Hale's examples have about 200).</summary>
    public const int DefaultMaxNodes = 100_000;

    /// <summary>
    /// The largest <c>yaml_limits.max_nodes</c> accepted: <c>hale check</c> of a file expanding to 1,000,000 nodes peaks at
    /// about 300 MB (through aliases) to 450 MB (a 4 MB file of plain nodes) of RSS.
    /// </summary>
    public const int MaxNodesLimit = 1_000_000;

    /// <summary>The limits when the file has no <c>yaml_limits</c>.</summary>
    public static YamlLimits Default { get; } = new(DefaultMaxDepth, DefaultMaxNodes);
}
