namespace Hale.Actions;

/// <summary>When an action's commands run again while its side stays the same.</summary>
public enum ActionRepeat
{
    /// <summary>
    /// Only when the side changes, or when the last run of the side failed (a failed action is retried each cycle).
    /// The default of Hale's own configuration.
    /// </summary>
    OnChange,

    /// <summary>Every cycle, whatever happened before: what heartbeat did, kept for configurations read from heartbeat files.</summary>
    EveryCycle,
}
