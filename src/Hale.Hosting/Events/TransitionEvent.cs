using System.Text.Json;

namespace Hale.Hosting.Events;

/// <summary>
/// One transition in the engine's journal (see <see cref="TransitionJournal"/>): a check, service, action, HAProxy server or
/// failover group that changed state. Immutable.
/// </summary>
/// <param name="Id">Its position in the journal: 1, 2, 3, ... without gaps, never reused while the process lives.</param>
/// <param name="At">When it was recorded (UTC, for display).</param>
/// <param name="Kind">One of <see cref="TransitionKind"/>'s names: check, service, action, server, group, or lost.</param>
/// <param name="Name">The check, service, action or group; for a server <c>BALANCER/BACKEND/SERVER</c>.</param>
/// <param name="From">The previous state; null when unknown (the first observation).</param>
/// <param name="To">The new state.</param>
/// <param name="Detail">Why, already sanitised (URLs' credentials and queries redacted, control characters escaped, bounded); shown in the full view only.</param>
internal sealed record TransitionEvent(long Id, DateTimeOffset At, string Kind, string Name, string? From, string To, string? Detail)
{
    /// <summary>Writes the event as one JSON object; <paramref name="full"/> false leaves <c>detail</c> out (null), as <c>/-/status</c>'s public view does.</summary>
    public void WriteTo(Utf8JsonWriter json, bool full)
    {
        json.WriteStartObject();
        json.WriteNumber("id", Id);
        json.WriteString("at", At);
        json.WriteString("kind", Kind);
        json.WriteString("name", Name);
        if (From is null)
        {
            json.WriteNull("from");
        }
        else
        {
            json.WriteString("from", From);
        }

        json.WriteString("to", To);
        if (full && Detail is not null)
        {
            json.WriteString("detail", Detail);
        }
        else
        {
            json.WriteNull("detail");
        }

        json.WriteEndObject();
    }
}
