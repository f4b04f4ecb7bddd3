namespace Hale.Hosting.Explain;

/// <summary>
/// Why one service, check, action, HAProxy server or failover group is in its state (<c>GET /-/explain/NAME</c>,
/// <c>hale explain</c>): the rule in one sentence, its inputs with their values and ages, and what would change it. Immutable.
/// </summary>
/// <param name="Kind"><c>service</c>, <c>check</c>, <c>action</c>, <c>server</c> or <c>group</c>.</param>
/// <param name="Name">The name as <c>GET /-/status</c> shows it (a server as <c>BACKEND/SERVER</c>).</param>
/// <param name="State">The state in status's words (e.g. <c>fatal</c>, <c>ok</c>, <c>promoted</c>, <c>standby</c>).</param>
/// <param name="Since">Since when it has been in that state (UTC); null when unknown.</param>
/// <param name="Rule">The rule that gave the state, with its numbers, e.g. <c>held: 10 starts within 150 s, last exit 3 at …</c>.</param>
/// <param name="Inputs">The rule's inputs.</param>
/// <param name="WouldChange">What would change the state, one sentence each (commands in backquotes).</param>
internal sealed record Explanation(
    string Kind,
    string Name,
    string State,
    DateTimeOffset? Since,
    string Rule,
    IReadOnlyList<ExplainInput> Inputs,
    IReadOnlyList<string> WouldChange);
