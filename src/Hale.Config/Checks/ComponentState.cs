namespace Hale.Config.Checks;

/// <summary>Where a top-level check is in the build: references are built first, and a reference back to one being built is a cycle.</summary>
internal enum ComponentState
{
    /// <summary>Not built yet.</summary>
    Pending,

    /// <summary>Being built: a reference to it now closes a cycle.</summary>
    Building,

    /// <summary>Built.</summary>
    Built,

    /// <summary>Has errors (reported); references to it fail silently.</summary>
    Failed,
}
