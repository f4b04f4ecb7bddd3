namespace Hale.HAProxy.Supervisor;

/// <summary>One event as supervisord sent it: the header tokens and the raw payload; <see cref="Malformed"/> says why it cannot be handled.</summary>
/// <param name="HeaderLine">The header line as received (without its line break).</param>
/// <param name="Headers">The header tokens <c>key:value</c>.</param>
/// <param name="Payload">The payload text (exactly <c>len</c> bytes).</param>
/// <param name="Malformed">Why the header is malformed, or null.</param>
internal sealed record SupervisorEvent(string HeaderLine, IReadOnlyDictionary<string, string> Headers, string Payload, string? Malformed)
{
    public string? EventName => Headers.GetValueOrDefault("eventname");

    /// <summary>The payload's <c>key:value</c> tokens (whitespace separated; tokens without <c>:</c> are ignored).</summary>
    public IReadOnlyDictionary<string, string> PayloadTokens()
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in Payload.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                tokens[token[..colon]] = token[(colon + 1)..];
            }
        }

        return tokens;
    }
}
