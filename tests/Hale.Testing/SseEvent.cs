using System.Text.Json;

namespace Hale.Testing;

/// <summary>One Server-Sent Event: its <c>id:</c>, its <c>data:</c> and when it was read (<see cref="TimeProvider.GetTimestamp"/>).</summary>
/// <param name="Id">The id line, or null.</param>
/// <param name="Data">The data lines joined.</param>
/// <param name="ReadAt">The monotonic timestamp it was read at.</param>
public sealed record SseEvent(string? Id, string Data, long ReadAt)
{
    /// <summary>The data as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    /// <summary>A string field of the JSON data (null when null or missing).</summary>
    public string? Field(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
