namespace Hale.Hosting.Explain;

/// <summary>One input of the rule that put a thing in its state: a name, its value in words, and since when it holds.</summary>
/// <param name="Name">What the input is, e.g. <c>starts in window</c>.</param>
/// <param name="Value">Its value in words, e.g. <c>10 of 10 within 150 s</c>.</param>
/// <param name="At">When it was observed or since when it holds (UTC); null when timeless.</param>
internal sealed record ExplainInput(string Name, string Value, DateTimeOffset? At = null);
