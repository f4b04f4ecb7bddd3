using System.Text;

namespace Hale.Hosting.Explain;

/// <summary>
/// The text of an <see cref="Explanation"/> (its <c>text</c> field, what <c>hale explain</c> prints):
/// <code>
/// service web: fatal for 38 s (since 2026-01-01T12:01:07Z)
///   why: held: 10 starts within 150 s, last exit 3 at 2026-01-01T12:01:07Z
///   starts in window:  10 of 10 within 150 s
///   last exit:         exit 3 (38 s ago, 2026-01-01T12:01:07Z)
///   would change it:
///     - `hale ctl reset web`
///     - wait 4m22s: the hold ends at 2026-01-01T12:06:07Z
/// </code>
/// </summary>
internal static class ExplanationText
{
    /// <summary>Renders <paramref name="e"/>, ages measured to <paramref name="now"/>; every line ends with a newline.</summary>
    public static string Render(Explanation e, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(e.Kind).Append(' ').Append(e.Name).Append(": ").Append(e.State);
        if (e.Since is { } since)
        {
            text.Append(" for ").Append(ExplainFormat.Duration(now - since)).Append(" (since ").Append(ExplainFormat.Time(since)).Append(')');
        }

        text.Append('\n').Append("  why: ").Append(e.Rule).Append('\n');
        var width = e.Inputs.Count == 0 ? 0 : e.Inputs.Max(i => i.Name.Length) + 2;
        foreach (var input in e.Inputs)
        {
            text.Append("  ").Append((input.Name + ":").PadRight(width)).Append(input.Value);
            if (input.At is { } at)
            {
                text.Append(at <= now ? $" ({ExplainFormat.Duration(now - at)} ago, {ExplainFormat.Time(at)})" : $" (in {ExplainFormat.Duration(at - now)}, {ExplainFormat.Time(at)})");
            }

            text.Append('\n');
        }

        if (e.WouldChange.Count > 0)
        {
            text.Append("  would change it:\n");
            foreach (var change in e.WouldChange)
            {
                text.Append("    - ").Append(change).Append('\n');
            }
        }

        return text.ToString();
    }
}
