namespace Hale.Failover;

/// <summary>What can happen to a <c>coordinator: local</c> group.</summary>
internal abstract record ValetInput
{
    private ValetInput()
    {
    }

    /// <summary>A round of probes ended: the latest result of each member, keyed by host (case-insensitively is best; a member
    /// missing from it counts as not probed, i.e. down).</summary>
    /// <param name="Probes">The results.</param>
    public sealed record Round(IReadOnlyDictionary<string, ValetProbeResult> Probes) : ValetInput;

    /// <summary>An operator releases a held group: the quick-start run and the start wait begin afresh.</summary>
    public sealed record Release : ValetInput;
}
