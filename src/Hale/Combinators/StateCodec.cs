using Hale.Checks;
using Hale.State;

namespace Hale.Combinators;

/// <summary>How stateful combinators write their state into an <see cref="OperatorStateSlot"/>.</summary>
internal static class StateCodec
{
    public const string Armed = "armed";

    public static HealthState? Parse(string? stored) => stored switch
    {
        "ok" => HealthState.Ok,
        "fail" => HealthState.Fail,
        _ => null,
    };

    /// <summary>The state stored in <paramref name="slot"/>; null when none, or (reported to the store) one it does not know.</summary>
    public static HealthState? Read(OperatorStateSlot? slot)
    {
        var stored = slot?.Read();
        var state = Parse(stored);
        if (state is null && stored is not null)
        {
            ReportUnknown(slot!, stored, "ok or fail");
        }

        return state;
    }

    /// <summary>Whether <paramref name="slot"/> holds <see cref="Armed"/>; another value is reported to the store.</summary>
    public static bool ReadArmed(OperatorStateSlot? slot)
    {
        var stored = slot?.Read();
        if (stored is not null and not Armed)
        {
            ReportUnknown(slot!, stored, $"'{Armed}'");
        }

        return stored == Armed;
    }

    public static string Format(HealthState state) => state == HealthState.Ok ? "ok" : "fail";

    /// <summary>Writes the state; a write failure is reported in the returned detail, never thrown.</summary>
    public static string Persist(OperatorStateSlot? slot, HealthState state, string detail) =>
        Write(slot, Format(state), detail);

    private static void ReportUnknown(OperatorStateSlot slot, string stored, string expected) =>
        (slot.Store as FileOperatorStateStore)?.ReportUnknown(slot.Key, stored, expected);

    public static string Write(OperatorStateSlot? slot, string? value, string detail)
    {
        if (slot is null)
        {
            return detail;
        }

        try
        {
            slot.Write(value);
            return detail;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{detail} (state not persisted: {ex.Message})";
        }
    }
}
