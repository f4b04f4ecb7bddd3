using System.Text.Json;

namespace Hale.Cli.Commands;

/// <summary>What <c>hale ctl</c> reads of one service in <c>GET /-/status</c> to tell whether a command had its effect.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="State">Its state, in status's words (<c>ready</c>, <c>fatal</c>…).</param>
/// <param name="Wanted">Whether it should be running.</param>
/// <param name="StartedAt">When its current or last instance started, as status wrote it; null before any start.</param>
/// <param name="Restarts">Automatic restarts (failed starts and crashes) counted so far.</param>
/// <param name="LastExit">How its last instance ended (e.g. <c>exit 3</c>); null before any exit.</param>
/// <param name="WaitingFor">What a start waits for, or null.</param>
/// <param name="Since">When it entered its state, as status wrote it; null when not shown.</param>
/// <param name="LastError">Its last error (e.g. <c>start withheld: …</c>), or null.</param>
internal sealed record CtlService(
    string Name, string State, bool Wanted, string? StartedAt, int Restarts, string? LastExit, string? WaitingFor, string? Since = null, string? LastError = null)
{
    /// <summary>Whether it is alive past its start window: what <c>hale ctl start</c> calls started.</summary>
    public bool IsUp => State is "running" or "ready";

    /// <summary>The services of a status document, by name.</summary>
    public static Dictionary<string, CtlService> All(JsonElement status) =>
        status.GetProperty("services").EnumerateArray().Select(Read).ToDictionary(s => s.Name, StringComparer.Ordinal);

    private static CtlService Read(JsonElement s) => new(
        s.GetProperty("name").GetString()!,
        s.GetProperty("state").GetString()!,
        s.GetProperty("wanted").GetBoolean(),
        s.GetProperty("started_at").ValueKind == JsonValueKind.String ? s.GetProperty("started_at").GetString() : null,
        s.GetProperty("restarts").GetInt32(),
        s.GetProperty("last_exit") is { ValueKind: JsonValueKind.Object } exit ? exit.GetProperty("description").GetString() : null,
        s.GetProperty("waiting_for").GetString(),
        s.TryGetProperty("since", out var since) && since.ValueKind == JsonValueKind.String ? since.GetString() : null,
        s.TryGetProperty("last_error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null);
}
