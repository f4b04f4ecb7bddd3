using System.Globalization;

namespace Hale.Hosting.Engine.Election;

/// <summary>
/// What a member publishes about itself under <c>PREFIX/GROUP/members/NODE</c>, on its own lease:
/// <c>priority=N healthy=true|false</c>. Unknown fields are ignored, so that a newer Hale can add some.
/// </summary>
/// <param name="Priority">Its priority (lower wins).</param>
/// <param name="Healthy">Whether its healthy check passes.</param>
internal sealed record MemberRecord(int Priority, bool Healthy)
{
    /// <summary>The record as stored.</summary>
    /// <returns>The text.</returns>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"priority={Priority} healthy={(Healthy ? "true" : "false")}");

    /// <summary>Reads a stored record; null when it is not one (another writer's key: ignored, never trusted).</summary>
    /// <param name="text">The value.</param>
    /// <returns>The record, or null.</returns>
    public static MemberRecord? Parse(string text)
    {
        int? priority = null;
        bool? healthy = null;
        foreach (var field in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var (name, value) = (field[..eq], field[(eq + 1)..]);
            switch (name)
            {
                case "priority" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p):
                    priority = p;
                    break;
                case "healthy" when value is "true" or "false":
                    healthy = value == "true";
                    break;
                case "priority" or "healthy":
                    return null;
            }
        }

        return priority is { } n && healthy is { } h ? new MemberRecord(n, h) : null;
    }
}
