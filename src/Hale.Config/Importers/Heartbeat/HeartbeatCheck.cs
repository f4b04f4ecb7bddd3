namespace Hale.Config.Importers.Heartbeat;

/// <summary>One check section of heartbeat.conf, validated. Immutable.</summary>
/// <param name="Name">The section's name.</param>
/// <param name="Type">The check's type.</param>
/// <param name="Host">The <c>hostname</c>.</param>
/// <param name="Port">The <c>port</c>, 1..65535.</param>
/// <param name="Path">The <c>path</c> of an HTTP(S) check, starting with <c>/</c>; <c>/</c> when not given.</param>
/// <param name="TimeoutSeconds">The <c>timeout</c> in seconds, &gt; 0 (may be fractional); 5 when not given.</param>
/// <param name="Action">The <c>action</c> key (lower-case), present in both <c>[promotions]</c> and <c>[demotions]</c>.</param>
/// <param name="Line">The 1-based line of the section's header.</param>
internal sealed record HeartbeatCheck(string Name, HeartbeatCheckType Type, string Host, int Port, string Path, decimal TimeoutSeconds, string Action, int Line)
{
    /// <summary>The <c>type</c> as heartbeat's log line writes it: <c>tcp</c>, <c>http</c> or <c>https</c>.</summary>
    public string TypeText => Type.ToString().ToLowerInvariant();

    /// <summary>The URL of an HTTP(S) check (an IPv6 address in brackets).</summary>
    public string Url => $"{TypeText}://{(Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? $"[{Host}]" : Host)}:{Port}{Path}";
}
