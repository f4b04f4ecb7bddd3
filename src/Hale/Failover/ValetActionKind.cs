namespace Hale.Failover;

/// <summary>What the owner of a <c>coordinator: local</c> group must do.</summary>
internal enum ValetActionKind
{
    /// <summary>Run the start command with <c>{host}</c> bound to the member.</summary>
    Start,

    /// <summary>Run the stop command with <c>{host}</c> bound to the member.</summary>
    Stop,

    /// <summary>The group has just been held: log it as critical; nothing is started or stopped until the hold ends.</summary>
    Hold,
}
