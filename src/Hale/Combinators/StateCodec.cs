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

    public static string Format(HealthState state) => state == HealthState.Ok ? "ok" : "fail";

    /// <summary>Writes the state; a write failure is reported in the returned detail, never thrown.</summary>
    public static string Persist(OperatorStateSlot? slot, HealthState state, string detail) =>
        Write(slot, Format(state), detail);

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
